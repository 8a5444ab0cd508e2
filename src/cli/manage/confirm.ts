import type { CliIo } from './io.js';

/**
 * Asks before acting, like the official scripts: prints the question and `Type 'Y' to confirm: `, and
 * goes on only when the answer (trimmed, any case) is Y. `--yes` answers for the user. When the answer
 * is anything else, or stdin ends first, prints `Operation cancelled.` and returns false.
 */
export async function confirm(io: CliIo, question: string, yes: boolean): Promise<boolean> {
  if (yes) return true;
  io.stderr.write(`${question} (Y/N)\nType 'Y' to confirm: `);
  const answer = await readLine(io.stdin);
  if (answer?.trim().toUpperCase() === 'Y') return true;
  if (answer === undefined) io.stderr.write('\n');
  io.stderr.write('Operation cancelled.\n');
  return false;
}

/** The first line of the stream, or undefined when it ends (or fails) before giving one. */
function readLine(stream: NodeJS.ReadableStream): Promise<string | undefined> {
  return new Promise((resolve) => {
    let buffered = '';
    const finish = (line: string | undefined) => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onEnd);
      stream.pause();
      resolve(line);
    };
    const onData = (chunk: string | Buffer) => {
      buffered += chunk.toString();
      const newline = buffered.indexOf('\n');
      if (newline >= 0) finish(buffered.slice(0, newline));
    };
    const onEnd = () => finish(buffered === '' ? undefined : buffered);
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onEnd);
    stream.resume();
  });
}
