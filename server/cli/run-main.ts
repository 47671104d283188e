/**
 * Runs a command-line entry point: its result is the exit code; an error prints one line on
 * stderr (no stack trace for the person at the terminal) and exits 1.
 */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
