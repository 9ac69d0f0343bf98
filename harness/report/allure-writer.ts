/**
 * Where a run's Allure results are written. allure-js-commons' own file writer syncs every file to
 * disk (an fsync per test result: most of a second at the very end of a self-test, all of it waiting
 * on the disk); a report directory needs each file whole, not on the platter before the next. This
 * writer still writes each file beside its place and renames it in, so a reader never sees half a
 * file, but does not sync (results.json, the run's record, still is).
 */
import { join } from 'node:path';
import type { TestResult, TestResultContainer } from 'allure-js-commons';
import { FileSystemWriter } from 'allure-js-commons/sdk/reporter';
import { writeFileAtomic } from '../core/write-file-atomic.ts';

export class ReportDirWriter extends FileSystemWriter {
  constructor(private readonly dir: string) {
    super({ resultsDir: dir });
  }

  override writeAttachment(distFileName: string, content: Buffer): void {
    writeFileAtomic(join(this.dir, distFileName), content, 0o644, false);
  }

  override writeGroup(result: TestResultContainer): void {
    writeFileAtomic(join(this.dir, `${result.uuid}-container.json`), JSON.stringify(result), 0o644, false);
  }

  override writeResult(result: TestResult): void {
    writeFileAtomic(join(this.dir, `${result.uuid}-result.json`), JSON.stringify(result), 0o644, false);
  }
}
