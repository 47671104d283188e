import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../../server/paths.js';
import { writeStandInModels } from './generate.js';
import { runMain } from '../../server/cli/run-main.js';

const USAGE = 'Usage: npm run models:stand-in -- <target dir> [--from <folder with the real config files>]';

/** `npm run models:stand-in -- <dir>`: writes small stand-in Kokoro and Whisper models for tests. */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { from: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const target = positionals[0];
  if (values.help === true || target === undefined || positionals.length > 1) {
    process.stderr.write(`${USAGE}\n`);
    return values.help === true ? 0 : 2;
  }
  const source = resolve(values.from ?? resolve(PROJECT_ROOT, '..', 'shared', 'models'));
  const files = await writeStandInModels(resolve(target), source);
  for (const file of files) process.stdout.write(`${file.path}  ${file.bytes} bytes\n`);
  process.stdout.write(
    `Stand-in models written to ${resolve(target)} (config and tokenizers from ${source})\n`,
  );
  return 0;
}

runMain(main);
