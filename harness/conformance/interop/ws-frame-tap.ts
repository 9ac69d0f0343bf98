/**
 * Reads the WebSocket frames of one direction of a relayed connection, beside the relay: the bytes
 * are forwarded by the proxy whatever this tap makes of them. It uses the ws library's frame parser
 * (unmasking, fragments, control frames), bounded by maxPayload; a frame it cannot read stops the
 * tap (recorded as a text frame saying why), never the relay.
 */
import * as ws from 'ws';
import type { TappedFrame, WireTap } from './wire-tap.ts';

interface FrameReceiver {
  write(chunk: Buffer): boolean;
  on(event: 'message', listener: (data: Buffer | Buffer[], isBinary: boolean) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
}

type ReceiverClass = new (options: { isServer: boolean; maxPayload: number; skipUTF8Validation: boolean }) => FrameReceiver;

export function startFrameTap(tap: WireTap, direction: TappedFrame['direction'], maxPayload: number): { feed(chunk: Buffer): void } {
  // Frames from the client are masked (the receiving side is the server): ws checks that.
  const receiver = new (ws as unknown as { Receiver: ReceiverClass }).Receiver({ isServer: direction === 'to-server', maxPayload, skipUTF8Validation: true });
  let stopped = false;
  receiver.on('message', (data, isBinary) => {
    const payload = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    tap.add<TappedFrame>({ at: Date.now(), kind: 'frame', direction, binary: isBinary, payload }, payload.length);
  });
  receiver.on('error', (error) => {
    stopped = true;
    const why = Buffer.from(`dmcts interop proxy: the frames ${direction} could not be read further (${error.message}); the bytes were relayed unread`);
    tap.add<TappedFrame>({ at: Date.now(), kind: 'frame', direction, binary: false, payload: why }, why.length);
  });
  return {
    feed(chunk) {
      if (stopped) return;
      try {
        receiver.write(chunk);
      } catch {
        stopped = true;
      }
    },
  };
}
