/**
 * The first place in `list[low … high)`, ascending, whose value is not below `value` (`high` when
 * there is none): a binary search. The matcher keeps sorted numbers in flat arrays (offsets,
 * term ids, prefilter keys) where a Set per paste or per article cost more than searching.
 */
export function lowerBound(list: ArrayLike<number>, value: number, low = 0, high = list.length): number {
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Whether `list[low … high)`, ascending, holds `value`. */
export function includesSorted(list: ArrayLike<number>, value: number, low = 0, high = list.length): boolean {
  const at = lowerBound(list, value, low, high);
  return at < high && list[at] === value;
}
