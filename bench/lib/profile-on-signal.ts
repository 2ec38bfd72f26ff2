// Preloaded into profiled servers: the first SIGUSR2 starts V8's CPU profiler, the second stops
// it, writes the profile to STACK_BENCH_PROFILE_OUT and exits, so start-up and warm-up are not in
// the profile.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const session = new Session();
session.connect();
let running = false;
process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    session.post('Profiler.enable', () => {
      session.post('Profiler.setSamplingInterval', { interval: 100 }, () => {
        session.post('Profiler.start', () => process.stdout.write('profiling\n'));
      });
    });
    return;
  }
  session.post('Profiler.stop', (error, result) => {
    if (error) console.error(error);
    else writeFileSync(process.env.STACK_BENCH_PROFILE_OUT!, JSON.stringify(result.profile));
    process.exit(error ? 1 : 0);
  });
});
