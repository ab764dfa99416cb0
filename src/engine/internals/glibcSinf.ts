/** placeholder @internal */
export function sinf(x: number): number { return Math.fround(Math.sin(x)); }
/** placeholder @internal */
export function cosf(x: number): number { return Math.fround(Math.cos(x)); }
