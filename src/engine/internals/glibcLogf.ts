/** placeholder @internal */
export function logf(x: number): number { return Math.fround(Math.log(x)); }
