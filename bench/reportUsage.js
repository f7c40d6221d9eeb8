// Preloaded into a benchmarked process (`node --import ./bench/reportUsage.js …`): at exit it
// writes the CPU time of all its threads and its peak RSS (the kernel's getrusage, not a sample)
// to the file named by BENCH_USAGE_FILE. Plain JavaScript so that it loads before any TypeScript
// loader the measured command registers.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    const usage = { cpuMs: (cpu.user + cpu.system) / 1000, peakRssKb: process.resourceUsage().maxRSS };
    writeFileSync(file, JSON.stringify(usage));
  });
}
