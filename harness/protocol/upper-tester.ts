/**
 * The upper tester (P-UT): a JSON-RPC 2.0 control channel over WebSocket (subprotocol `dmcts.ut.1`)
 * that the IUT's adapter opens, outbound, to the harness at `DMCTS_UT_URL`. Its first request is
 * `ut.hello` (role, product, version, the methods it supports); then the harness calls methods to
 * make the IUT do what only its user or operator can. Every method's params and result have a JSON
 * Schema here; a vendor's adapter implements the methods of its role it can.
 */
import { moEntrySchema } from './schemas/common.ts';

export const UT_SUBPROTOCOL = 'dmcts.ut.1';
export const UT_URL_ENV = 'DMCTS_UT_URL';

/** JSON-RPC error codes the adapter answers with. */
export const UT_ERROR = {
  PARSE: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  /** The adapter understood the call but the IUT could not do it. */
  FAILED: -32000,
} as const;

const obj = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', additionalProperties: false, properties, required });
const str = { type: 'string', minLength: 1 } as const;
const empty = obj({});
const moSerialization = { type: 'array', items: moEntrySchema } as const;

const account = obj(
  {
    srvId: str,
    // (ours) A wss:// SrvURI names a server the device reaches over P-WS (its WebSocket at that URI).
    srvUri: { type: 'string', pattern: '^(https?|wss?)://', description: 'the DM URL; wss:// for a server the device reaches over its WebSocket (P-WS)' },
    perm: { type: 'array', items: obj({ moid: str, rights: { type: 'string', pattern: '^[RWED]*$' } }, ['moid']) },
    notificationSecret: { type: 'string' },
    trustAnchorPem: { type: 'string' },
    clientAuth: obj({ type: { enum: ['basic', 'digest', 'x509'] }, name: str, secret: { type: 'string' } }, ['type']),
    clientCertPem: { type: 'string' },
    clientKeyPem: { type: 'string' },
    // (ours) P-BOOT: a bootstrap server's account (DMAcc Auth/Bootstrap); used only with X.509 client authentication and a trust anchor.
    bootstrap: { type: 'boolean', description: "a bootstrap server's account (DMAcc Auth/Bootstrap, P-BOOT): it needs clientAuth x509 and trustAnchorPem" },
  },
  ['srvId', 'srvUri', 'perm'],
);

/** A DMAcc account as client.bootstrap gives it to the device (the `account` schema above). */
export interface BootstrapAccount {
  srvId: string;
  srvUri: string;
  perm: Array<{ moid: string; rights?: string }>;
  notificationSecret?: string;
  trustAnchorPem?: string;
  /** How the device authenticates to this server (DMAcc Auth/Client; P-SEC). */
  clientAuth?: { type: 'basic' | 'digest' | 'x509'; name?: string; secret?: string };
  /** For clientAuth x509: the device's certificate (chain) and private key (PEM). */
  clientCertPem?: string;
  clientKeyPem?: string;
  /** P-BOOT: a bootstrap server's account (DMAcc `Auth/Bootstrap`); needs clientAuth x509 and trustAnchorPem. */
  bootstrap?: boolean;
}

export interface UtMethodSpec {
  role: 'client' | 'server' | 'any';
  summary: string;
  params: object;
  result: object;
}

export const UT_METHODS = {
  'ut.hello': {
    role: 'any',
    summary: 'the adapter announces itself (adapter -> harness, the first request)',
    params: obj(
      {
        protocol: { const: 1 },
        role: { enum: ['client', 'server'] },
        product: obj({ name: str, version: str, vendor: { type: 'string' } }, ['name', 'version']),
        methods: { type: 'array', items: str },
      },
      ['protocol', 'role', 'product', 'methods'],
    ),
    result: obj({ accepted: { type: 'boolean' } }, ['accepted']),
  },
  'client.bootstrap': {
    role: 'client',
    summary: 'factory-reset the device and give it these DMAcc accounts (factory bootstrap, P-BOOT)',
    params: obj({ servers: { type: 'array', minItems: 1, items: account } }, ['servers']),
    result: obj({ devId: str, notificationUrl: { type: 'string' } }, ['devId']),
  },
  'client.startSession': {
    role: 'client',
    summary:
      'open a client-initiated session with that server (returns once it is started; give srvId, about or both); with `about` (a ClientURI MOID/MIID), a session about that MO instance, with the server that manages it whatever srvId says (P-ENV)',
    // srvId or about (or both): an adapter refuses a call with neither.
    params: obj({
      srvId: str,
      about: { type: 'string', minLength: 1, description: 'P-ENV: the ClientURI (MOID/MIID) of the MO instance the session is about' },
    }),
    result: obj({ srvId: { type: 'string', description: 'the server the session goes to' } }),
  },
  'client.bootstrapFrom': {
    role: 'client',
    summary:
      'client-initiated bootstrap (P-BOOT): open a session with that bootstrap server (an account given with bootstrap: true) asking it for a bootstrap (returns once it is started)',
    params: obj({ srvId: str }, ['srvId']),
    result: empty,
  },
  'client.factoryReset': {
    role: 'client',
    summary:
      'return to the factory profile (the accounts of the last client.bootstrap), forgetting every account a bootstrap server added, every grant and every subscription (P-BOOT)',
    params: empty,
    result: empty,
  },
  'client.moveNetwork': {
    role: 'client',
    summary: 'from now on leave from this local address (another network or bearer)',
    params: obj({ localAddress: str }, ['localAddress']),
    result: empty,
  },
  'client.useTransport': {
    role: 'client',
    summary:
      "from now on reach every server over this DM transport: 'ws' the device's WebSocket to it (P-WS, opened if it holds none), 'http' HTTP(S); a session under way goes on over it in the same session: its next Package#3 goes to the same session URI (P-SESSION)",
    params: obj({ transport: { enum: ['http', 'ws'] } }, ['transport']),
    result: empty,
  },
  'client.setBearer': {
    role: 'client',
    summary:
      'the device is now on this bearer (access technology, P-ENV): it opens sessions at its DMAcc address for that bearer (BearerURI), else SrvURI; the reference client then leaves from 127.0.0.2 (cellular), .3 (wlan) or .4 (wireline)',
    params: obj({ bearer: { enum: ['cellular', 'wlan', 'wireline'] } }, ['bearer']),
    result: obj({ localAddress: { type: 'string' } }),
  },
  'client.setEnvironment': {
    role: 'client',
    summary:
      "the device's operator assigns that server to an execution environment (an MIID of the execenv MO, P-ENV): from now on it manages only that environment's MO instances, and those it creates are tagged with it",
    params: obj({ srvId: str, env: str }, ['srvId', 'env']),
    result: empty,
  },
  'client.shown': {
    role: 'client',
    summary: 'the URLs SHOW displayed so far',
    params: empty,
    result: obj({ urls: { type: 'array', items: { type: 'string' } } }, ['urls']),
  },
  'client.localApp.register': {
    role: 'client',
    summary: 'register a local application with the MOIDs it may use and its rights (P-LOCAL)',
    params: obj({ appId: str, moids: { type: 'object', additionalProperties: { type: 'string', pattern: '^[RWED]*$' } } }, ['appId', 'moids']),
    result: empty,
  },
  'client.localApp.read': {
    role: 'client',
    summary: 'read a ClientURI as that application',
    params: obj({ appId: str, clientUri: str }, ['appId', 'clientUri']),
    result: obj({ sc: { type: 'integer' }, entries: moSerialization }, ['sc']),
  },
  'client.localApp.write': {
    role: 'client',
    summary: 'write a node as that application',
    params: obj({ appId: str, moid: str, miid: str, path: { type: 'array', items: str }, value: true }, ['appId', 'moid', 'miid', 'path', 'value']),
    result: obj({ sc: { type: 'integer' } }, ['sc']),
  },
  'client.localApp.subscribe': {
    role: 'client',
    summary: 'subscribe that application to the changes of an instance',
    params: obj({ appId: str, moid: str, miid: str }, ['appId', 'moid', 'miid']),
    result: obj({ subscriptionId: str }, ['subscriptionId']),
  },
  'client.localApp.changes': {
    role: 'client',
    summary: 'the changes told to a subscription so far, in order',
    params: obj({ subscriptionId: str }, ['subscriptionId']),
    result: obj(
      {
        changes: {
          type: 'array',
          items: obj(
            {
              moid: str,
              miid: str,
              path: { type: 'array', items: { type: 'string' } },
              op: { enum: ['create', 'replace', 'delete'] },
              by: { type: 'string' },
              value: true,
            },
            ['moid', 'miid', 'path', 'op', 'by'],
          ),
        },
      },
      ['changes'],
    ),
  },
  'server.queue': {
    role: 'server',
    summary: "queue a command for a device's next session",
    params: obj({ devId: str, command: { type: 'array', minItems: 1, prefixItems: [{ type: 'string' }], items: true }, raw: { type: 'boolean' } }, [
      'devId',
      'command',
    ]),
    result: obj({ commandId: str }, ['commandId']),
  },
  'server.result': {
    role: 'server',
    summary: 'what became of a queued command: its Status entry (and an asynchronous EXEC result)',
    params: obj({ commandId: str }, ['commandId']),
    result: obj(
      {
        state: { enum: ['queued', 'sent', 'done', 'lost'] },
        status: obj({ sc: { type: 'integer' }, URI: { type: 'array', items: { type: 'string' } }, Data: moSerialization }, ['sc', 'URI']),
        asyncResult: { type: 'object' },
        reason: { type: 'string' },
      },
      ['state'],
    ),
  },
  'server.notify': {
    role: 'server',
    summary: 'send the device a Package#0 so it opens a server-initiated session',
    params: obj(
      {
        devId: str,
        url: { type: 'string' },
        secret: { type: 'string' },
        reqMos: { type: 'boolean' },
        // P-NOTI/P-ENV: the bearer the device should use for the session (0 any, 1 cellular, 2 WLAN, 3 wireline).
        preferredConType: { type: 'integer', minimum: 0, maximum: 3 },
      },
      ['devId'],
    ),
    result: obj(
      {
        delivered: { type: 'boolean' },
        httpStatus: { type: 'integer' },
        // The bearer the adapter asked its server to name, echoed: an adapter that cannot pass preferredConType on leaves it out.
        preferredConType: { type: 'integer', minimum: 0, maximum: 3 },
      },
      ['delivered'],
    ),
  },
  'server.setCredentials': {
    role: 'server',
    summary:
      "set the credentials a device authenticates with: a name and password (Basic, Digest) and/or its X.509 certificate (x509CaPem: the CA, PEM, that issued it: the run's test CA, which the server must trust for this device)",
    params: obj({ devId: str, basic: obj({ name: str, password: str }, ['name', 'password']), x509: { type: 'boolean' }, x509CaPem: str }, ['devId']),
    result: empty,
  },
  'server.delegate': {
    role: 'server',
    summary:
      "delegate rights on one of the device's MO instances to another management authority (P-DELEG): the server sends the device the grant, as HGET of a Delegation MO instance",
    params: obj(
      {
        devId: str,
        grant: obj(
          {
            Target: str,
            Grantee: str,
            Rights: { type: 'string', pattern: '^[RWED]+$' },
            Kind: { enum: ['shared', 'full', 'sub'] },
            MaxDepth: { type: 'integer', minimum: 0 },
            Prohibited: { type: 'string' },
            Priority: { type: 'integer' },
          },
          ['Target', 'Grantee', 'Rights', 'Kind'],
        ),
      },
      ['devId', 'grant'],
    ),
    result: obj({ commandId: str }, ['commandId']),
  },
  'server.fumoUpdate': {
    role: 'server',
    summary:
      "update a device's firmware (P-FUMO): in the device's next session the server sets PkgURL (and PkgVersion) of its FUMO instance, then EXECs DownloadAndUpdate with a ServerURI; server.result of the returned commandId (that EXEC) gives its Status and, later, the device's result alert (Data.sc the FUMO result code)",
    params: obj({ devId: str, pkgUrl: str, pkgVersion: str, miid: str }, ['devId', 'pkgUrl']),
    result: obj({ commandId: str }, ['commandId']),
  },
  'server.bootstrap': {
    role: 'server',
    summary:
      "act as the device's bootstrap server (P-BOOT): have the device create these DMAcc accounts (one HGET of a DMAcc instance each) in its next session with this server; the device's BootstrapComplete alert shows in server.device",
    params: obj({ devId: str, accounts: { type: 'array', minItems: 1, items: account } }, ['devId', 'accounts']),
    result: obj({ commandIds: { type: 'array', items: str } }, ['commandIds']),
  },
  'server.device': {
    role: 'server',
    summary: 'what the server knows of a device: sessions, last address, alerts received',
    params: obj({ devId: str }, ['devId']),
    result: obj(
      { known: { type: 'boolean' }, sessions: { type: 'integer' }, lastAddress: { type: 'string' }, alerts: { type: 'array', items: { type: 'object' } } },
      ['known', 'sessions', 'alerts'],
    ),
  },
  'server.scomoInstall': {
    role: 'server',
    summary:
      "install a software component on a device (P-SCOMO): in the device's next session the server writes a Download/<x> entry (PkgID, Name, PkgURL) of its SCOMO instance, then EXECs its Operations/DownloadInstall (DownloadInstallInactive with inactive) with a ServerURI; server.result of the returned commandId (that EXEC) gives its Status and, later, the device's ExecResult alert (Data.sc the SCOMO result code)",
    params: obj({ devId: str, pkgUrl: str, pkgId: str, name: str, inactive: { type: 'boolean' }, miid: str }, ['devId', 'pkgUrl', 'pkgId']),
    result: obj({ commandId: str }, ['commandId']),
  },
  'server.scomoRemove': {
    role: 'server',
    summary:
      "remove a deployed software component (P-SCOMO): in the device's next session the server EXECs Inventory/Deployed/<component>/Operations/Remove of its SCOMO instance with a ServerURI; server.result of the returned commandId gives the device's ExecResult alert (Data.sc the SCOMO result code)",
    params: obj({ devId: str, component: str, miid: str }, ['devId', 'component']),
    result: obj({ commandId: str }, ['commandId']),
  },
} as const satisfies Record<string, UtMethodSpec>;

export type UtMethod = keyof typeof UT_METHODS;

export function utMethodsOf(role: 'client' | 'server'): UtMethod[] {
  return (Object.keys(UT_METHODS) as UtMethod[]).filter((m) => UT_METHODS[m].role === role);
}

export interface UtHello {
  protocol: 1;
  role: 'client' | 'server';
  product: { name: string; version: string; vendor?: string };
  methods: string[];
}

export type JsonRpcId = number | string;

export interface JsonRpcRequest {
  jsonrpc: '2.0';
  id?: JsonRpcId;
  method: string;
  params?: unknown;
}

export interface JsonRpcResponse {
  jsonrpc: '2.0';
  id: JsonRpcId | null;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}
