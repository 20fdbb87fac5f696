import { BUNDLED_KB_DIR } from '../dist/config.js';

/**
 * The knowledge base the bench calls "bundled", whose rules' examples are also the short pastes
 * measured against every knowledge base: $KB_DIR when set (as for `kb serve`), else the one this
 * build bundles. bench:compare sets it so an older build and this one match the same pastes
 * against the same rules: the code differs, not the work.
 */
export function benchBundledDir(): string {
  return process.env.KB_DIR ?? BUNDLED_KB_DIR;
}
