// V8 flags for the long-running processes (the web app, the worker, the local emulator): `npm start`
// (scripts/run.ts) passes them on the command line, the image (Dockerfile) through NODE_OPTIONS.
//
// --max-semi-space-size=16: V8 13 (Node 24) on a machine with a 4 GB heap limit lets the young
// generation grow to 128 MB; start-up's allocations grow it there and an idle process keeps it
// (1 MB of it in use), which was half of the web process's idle heap. 16 MB semi-spaces (Node 20's
// default) bring idle RSS of the web app 271 -> 215 MB, the worker 222 -> 178 MB, the emulator
// 260 -> 181 MB (bench/idle-rss.ts, docs/benchmarks.md); the cost is more frequent scavenges under
// allocation-heavy work, measured on the dashboard's requests in the same section.
export const LONG_RUNNING_NODE_FLAGS = ["--max-semi-space-size=16"];
