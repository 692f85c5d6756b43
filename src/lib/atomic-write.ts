/** Writing a file that other processes may be reading at the same time. */
import { randomUUID } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';

/**
 * Writes `data` to `file` atomically: concurrent builds sharing a cache folder see the old file or the new one,
 * never half of one (a rename within a folder is atomic).
 *
 * @example
 * writeAtomically('node_modules/.cache/gradscope/runs/ab12….json', JSON.stringify(entry));
 */
export function writeAtomically(file: string, data: string | Uint8Array): void {
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, file);
}
