// Makes ICU's process-wide caches in this thread, at its start. ICU (behind
// localeCompare, toLocaleString and local time) keeps what it loads for the
// life of the process, in memory the C library hands out from the arena of
// the thread that first needs it. An analysis worker first needed it at the
// very end of a long read (sorting the report's lists, formatting counts):
// those few allocations then sat at the top of the worker's arena, above tens
// of MiB of freed zlib and read buffers, and glibc gives an arena's memory
// back only from its top, so it stayed resident after the worker was gone (37
// to 63 MiB on the large bench archive, in the app's peak at the end of the
// analysis and through the first open; docs/performance.md). Made before the
// first read, they sit at the bottom of the arena, where they hold nothing
// above them; made already (by an earlier thread), this costs nothing.

/** Uses once what the analysis uses of ICU (a few milliseconds, the first time in a process). */
export function warmIcuCaches(): void {
  // The default collator (the report's lists are sorted with localeCompare).
  'a'.localeCompare('b');
  // Counts in notes and titles are formatted for en-US.
  (1234.5).toLocaleString('en-US');
  // The local time zone (dates without an offset are local).
  new Date(2000, 0, 1).getTimezoneOffset();
}
