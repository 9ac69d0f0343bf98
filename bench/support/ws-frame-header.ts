/**
 * The bytes RFC 6455 (§5.2) puts around a WebSocket message sent as one frame: 2 bytes, plus 2 when
 * the payload is 126-65,535 bytes or 8 when it is longer, plus the 4-byte masking key every frame a
 * client sends carries. Without permessage-deflate (the reference server negotiates none) the payload
 * is the message itself, so header + message is what crosses the TCP connection.
 */
export function wsFrameHeaderBytes(payloadBytes: number, fromClient: boolean): number {
  const length = payloadBytes <= 125 ? 0 : payloadBytes <= 0xffff ? 2 : 8;
  return 2 + length + (fromClient ? 4 : 0);
}
