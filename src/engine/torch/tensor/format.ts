/**
 * How torch's C++ messages print numbers: `std::ostream << double` (printf `%g`, 6 significant
 * digits) and the dtype names of `caffe2::TypeMeta` / `toString(ScalarType)`.
 * @internal
 */
import type { DType } from './tensor.js';

/**
 * A double as `std::ostream << v` prints it (`%g`): 6 significant digits, exponent form below 1e-4
 * and from 1e6, `nan`, `inf`.
 * @example formatDouble(1.5) // '1.5'; formatDouble(3e38) // '3e+38'; formatDouble(-1) // '-1'
 */
export function formatDouble(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const text = v.toExponential(5);
  const at = text.indexOf('e');
  const mant = text.slice(0, at);
  const exp = Number(text.slice(at + 1));
  const strip = (s: string): string => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exp < -4 || exp >= 6) {
    const digits = String(Math.abs(exp)).padStart(2, '0');
    return `${strip(mant)}e${exp < 0 ? '-' : '+'}${digits}`;
  }
  return strip(v.toFixed(5 - exp));
}

/** The C++ type name torch prints for a dtype in bounds messages (`caffe2::TypeMeta::name()`). */
export function cppTypeName(dtype: DType): string {
  switch (dtype) {
    case 'float32':
      return 'float';
    case 'float64':
      return 'double';
    case 'float16':
      return 'c10::Half';
    case 'bfloat16':
      return 'c10::BFloat16';
    case 'int64':
      return 'long int';
    case 'int32':
      return 'int';
    case 'int16':
      return 'short int';
    case 'int8':
      return 'signed char';
    case 'uint8':
      return 'unsigned char';
    case 'bool':
      return 'bool';
  }
}

/** torch's `toString(ScalarType)`: Float, Double, Long, Int, Short, Char, Byte, Bool. */
export function scalarTypeName(dtype: DType): string {
  switch (dtype) {
    case 'float32':
      return 'Float';
    case 'float64':
      return 'Double';
    case 'float16':
      return 'Half';
    case 'bfloat16':
      return 'BFloat16';
    case 'int64':
      return 'Long';
    case 'int32':
      return 'Int';
    case 'int16':
      return 'Short';
    case 'int8':
      return 'Char';
    case 'uint8':
      return 'Byte';
    case 'bool':
      return 'Bool';
  }
}
