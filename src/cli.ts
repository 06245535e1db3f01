export function main(argv: string[]): number {
  process.stdout.write(`paper-shelf: not implemented yet (${argv.join(' ')})\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
