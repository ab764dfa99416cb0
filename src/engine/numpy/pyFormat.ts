/**
 * Python's `repr(float)` (= `str`, `'{}'.format`): the shortest round-trip digits, as JavaScript's,
 * but fixed notation only for decimal exponents -4 ≤ e < 16, always a `.0` on integral values, and a
 * two-digit signed exponent (`1e-05`, `1e+16`).
 * @internal
 * @example pyFloatRepr(0.1) // '0.1'; pyFloatRepr(1e-5) // '1e-05'; pyFloatRepr(3) // '3.0'
 */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // toExponential() without digits gives the shortest digits that round-trip (ECMA-262 Number::toString).
  const text = Math.abs(x).toExponential();
  const at = text.indexOf('e');
  const digits = text.slice(0, at).replace('.', '');
  const e = Number(text.slice(at + 1));
  if (e >= -4 && e < 16) {
    if (e >= 0) {
      if (digits.length <= e + 1) return `${sign}${digits}${'0'.repeat(e + 1 - digits.length)}.0`;
      return `${sign}${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
    }
    return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const ae = Math.abs(e);
  return `${sign}${m}e${e < 0 ? '-' : '+'}${ae < 10 ? '0' : ''}${ae}`;
}
