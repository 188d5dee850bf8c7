/**
 * A number with its English noun, singular or plural as the number asks
 * ("1 time", "2 times"), where findings used to write "time(s)". Japanese
 * needs no such form: its texts write the counter (回, 件, 本) after the number.
 */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
