/**
 * Output whose reader has gone (`dmcts list | head -1`): writing to a closed pipe fails with EPIPE,
 * which Node reports as an 'error' event on process.stdout or process.stderr — unhandled, a stack
 * trace and exit 1. The CLI entry installs this once: such an error is dropped (later writes go
 * nowhere) and the command ends as it would have, with its own exit code; a run still writes its
 * reports. Any other error of these streams is thrown as before.
 */
const READER_GONE = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

let installed = false;

export function ignoreClosedOutput(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  if (installed) return;
  installed = true;
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== undefined && READER_GONE.has(error.code)) return;
      throw error;
    });
  }
}

ignoreClosedOutput();
