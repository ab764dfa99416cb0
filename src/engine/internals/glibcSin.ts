/** placeholder @internal */
export function sin(x: number): number { return Math.sin(x); }
/** placeholder @internal */
export function cos(x: number): number { return Math.cos(x); }
