// Words for counts: "1 error", "2 errors", "no warnings" is the caller's choice.
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
