/** An adapter that connects to the upper tester and never says hello. */
import WebSocket from 'ws';
import { UT_SUBPROTOCOL } from '../../../harness/protocol/upper-tester.ts';
import { utUrl } from './kit.ts';

const ws = new WebSocket(utUrl(), UT_SUBPROTOCOL);
ws.on('error', () => undefined);
ws.on('close', () => process.exit(0));
