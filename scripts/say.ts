// `npm start`'s step lines: seconds since it began (scripts/start.sh sets START_EPOCH), then the step.
const startEpoch = Number(process.env.START_EPOCH) || Math.floor(Date.now() / 1000);

export function say(message: string) {
  console.log(`[${String(Math.floor(Date.now() / 1000) - startEpoch).padStart(3)} s] ${message}`);
}
