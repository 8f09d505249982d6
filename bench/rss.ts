/** Peak resident set size of this process, sampled on a timer and wherever `sample()` is called (a busy loop starves timers). */
export interface RssSampler {
  sample(): void;
  /** Stops the timer; the peak seen, in MB. */
  stop(): number;
}

export function sampleRss(intervalMs = 50): RssSampler {
  let peak = process.memoryUsage.rss();
  const sample = () => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) peak = rss;
  };
  const timer = setInterval(sample, intervalMs);
  return {
    sample,
    stop() {
      clearInterval(timer);
      sample();
      return peak / (1024 * 1024);
    },
  };
}
