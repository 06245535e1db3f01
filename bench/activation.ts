/** Child-process entry: prints the activation time of one extension bundle as JSON (a fresh process each time). */
import { measureActivation } from './lib/activation';

measureActivation(process.argv[2]).then(
  (time) => process.stdout.write(`${JSON.stringify(time)}\n`),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
