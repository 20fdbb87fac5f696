// Tests run the engine as `kb serve` does: with V8's linear-time fallback on, so rule regexes get
// their native twins (test/match/native-regex.test.ts holds them to RE2).
import { enableLinearRegexpFallback } from '../src/util/regexp-linear-fallback.js';

enableLinearRegexpFallback();
