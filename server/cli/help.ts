import type { Command } from './commands.js';

const FOOTER = `The hub is found through SWITCHBOARD_HOST / SWITCHBOARD_PORT; the token through SWITCHBOARD_TOKEN
or the token file in SWITCHBOARD_DATA_DIR (default ~/.switchboard).`;

/** `switchboard --help`: every command on a line. */
export function overallHelp(commands: readonly Command[]): string {
  const lines = [
    ['switchboard [start]', 'start the hub'],
    ...commands.map((c) => [`switchboard ${c.name}${c.args === '' ? '' : ` ${c.args}`}`, c.summary]),
    ['switchboard <command> --help', "a command's options"],
  ];
  const width = Math.max(...lines.map(([usage]) => (usage ?? '').length)) + 2;
  return [
    'Usage:',
    ...lines.map(([usage, what]) => `  ${(usage ?? '').padEnd(width)}${what}`),
    '',
    FOOTER,
  ].join('\n');
}

/** `switchboard <command> --help`: its usage line, what it does, and each option. */
export function commandHelp(command: Command): string {
  const options = Object.entries(command.options).map(([name, spec]) => [
    `--${name}${spec.value === undefined ? '' : ` ${spec.value}`}`,
    spec.help,
  ]);
  options.push(['-h, --help', 'this help']);
  const width = Math.max(...options.map(([flag]) => (flag ?? '').length)) + 2;
  const usage = `switchboard ${command.name}${command.args === '' ? '' : ` ${command.args}`}${
    Object.keys(command.options).length > 0 ? ' [options]' : ''
  }`;
  return [
    `Usage: ${usage}`,
    '',
    command.summary,
    ...(command.details === undefined ? [] : [command.details]),
    '',
    'Options:',
    ...options.map(([flag, help]) => `  ${(flag ?? '').padEnd(width)}${help}`),
  ].join('\n');
}
