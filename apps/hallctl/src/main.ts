import { runHallctl } from './run-hallctl.ts';

const code = await runHallctl(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.env.INIT_CWD ?? process.cwd(),
});
process.exit(code);
