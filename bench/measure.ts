// Runs the CLI in this process and prints its peak RSS, for the benchmark.
import { main } from '../cli/main.js';

const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
process.stdout.write(`maxRssKb=${process.resourceUsage().maxRSS}\n`);
process.exitCode = code;
