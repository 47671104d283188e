import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { runHub } from '../main.js';
import { COMMANDS, parseOptions, type Command } from './commands.js';
import { commandHelp, overallHelp } from './help.js';
import { HubClient } from './hub-client.js';

/** A mistake in how the command was called: said with the help that fixes it, exit 2. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly help: string,
  ) {
    super(message);
  }
}

/** The `switchboard` command: starts the hub, or talks to a running one over REST. */
async function main(argv: string[]): Promise<void> {
  const [name = 'start', ...rest] = argv;
  if (name === 'start') return runHub();
  if (name === '--help' || name === '-h' || name === 'help') {
    const asked = rest[0] === undefined ? undefined : findCommand(rest[0]);
    console.log(asked === undefined ? overallHelp(COMMANDS) : commandHelp(asked));
    return;
  }
  const command = findCommand(name);
  const { values, positionals } = parse(command, rest);
  if (values.help === true) {
    console.log(commandHelp(command));
    return;
  }
  const [least, most] = command.positionals;
  if (positionals.length < least || positionals.length > most) {
    const wanted = command.args === '' ? 'no arguments' : command.args;
    throw new UsageError(`${command.name} takes ${wanted}`, commandHelp(command));
  }
  const client = await HubClient.fromConfig(loadConfig());
  await command.run(client, values as Record<string, string | boolean | undefined>, positionals);
}

function findCommand(name: string): Command {
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) throw new UsageError(`unknown command "${name}"`, overallHelp(COMMANDS));
  return command;
}

function parse(command: Command, args: string[]) {
  try {
    return parseArgs({ args, options: parseOptions(command), allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs says e.g. "Unknown option '--nme'. To specify a positional argument starting ..."
    const said = error instanceof Error ? (error.message.split('. ')[0] ?? error.message) : String(error);
    throw new UsageError(
      `${command.name}: ${said} (see: switchboard ${command.name} --help)`,
      commandHelp(command),
    );
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`switchboard: ${error.message}\n\n${error.help}`);
    process.exit(2);
  }
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  console.error(`switchboard: ${message}`);
  process.exit(1);
});
