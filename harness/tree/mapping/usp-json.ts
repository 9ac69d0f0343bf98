/**
 * TR-181 parameters in the shape of a USP (TR-369) GetResp as its JSON mapping shows it: one
 * requested path `Device.`, one resolved path per object instance, the parameters relative to it.
 * Used to measure what the same data costs as USP (bench/b1-formats.ts) and to read such a body back.
 */
import type { Tr181Params } from './tr181-model.ts';

export interface UspGetResp {
  reqPathResults: Array<{
    requestedPath: string;
    errCode: number;
    resolvedPathResults: Array<{ resolvedPath: string; resultParams: Record<string, string> }>;
  }>;
}

export function uspGetResp(params: Tr181Params): UspGetResp {
  const byObject = new Map<string, Record<string, string>>();
  for (const [path, value] of Object.entries(params)) {
    const dot = path.lastIndexOf('.');
    const object = path.slice(0, dot + 1);
    (byObject.get(object) ?? byObject.set(object, {}).get(object)!)[path.slice(dot + 1)] = value;
  }
  return {
    reqPathResults: [
      { requestedPath: 'Device.', errCode: 0, resolvedPathResults: [...byObject].map(([resolvedPath, resultParams]) => ({ resolvedPath, resultParams })) },
    ],
  };
}

export function paramsOfUspGetResp(resp: UspGetResp): Tr181Params {
  const params: Tr181Params = {};
  for (const req of resp.reqPathResults) {
    for (const r of req.resolvedPathResults) for (const [name, value] of Object.entries(r.resultParams)) params[`${r.resolvedPath}${name}`] = value;
  }
  return params;
}
