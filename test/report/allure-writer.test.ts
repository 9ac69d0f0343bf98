import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import AllureCaseReporter from '../../harness/report/allure-case-reporter.ts';
import { ReportDirWriter } from '../../harness/report/allure-writer.ts';

describe('the Allure results writer', () => {
  it('writes each result, container and attachment whole under its name, and no temporary file stays', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dmcts-allure-writer-'));
    const writer = new ReportDirWriter(dir);
    writer.writeResult({ uuid: 'r1', name: 'DMCTS-C-GET-001' } as Parameters<ReportDirWriter['writeResult']>[0]);
    writer.writeGroup({ uuid: 'g1', children: ['r1'] } as unknown as Parameters<ReportDirWriter['writeGroup']>[0]);
    writer.writeAttachment('a1-attachment.json', Buffer.from('{"wire":[]}'));
    expect(readdirSync(dir).sort()).toEqual(['a1-attachment.json', 'g1-container.json', 'r1-result.json']);
    expect(JSON.parse(readFileSync(join(dir, 'r1-result.json'), 'utf8'))).toEqual({ uuid: 'r1', name: 'DMCTS-C-GET-001' });
    expect(readFileSync(join(dir, 'a1-attachment.json'), 'utf8')).toBe('{"wire":[]}');
  });

  it('is the writer the run’s Allure reporter uses', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dmcts-allure-reporter-'));
    const reporter = new AllureCaseReporter({ resultsDir: dir });
    reporter.onInit({ projects: [] } as unknown as Parameters<AllureCaseReporter['onInit']>[0]);
    const runtime = (reporter as unknown as { allureReporterRuntime?: { writer?: unknown } }).allureReporterRuntime;
    expect(runtime?.writer).toBeInstanceOf(ReportDirWriter);
  });
});
