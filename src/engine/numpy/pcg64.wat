;; numpy's PCG64 (XSL-RR 128/64, numpy/random/src/pcg64/pcg64.h@v1.24.2) with its 32-bit buffering, and
;; `_shuffle_raw` of arange(n) with `random_interval` (masked rejection), in 64-bit integer arithmetic:
;; the same draws as src/engine/numpy/pcg64.ts's limb arithmetic and bitSource.ts's shuffleInPlace.
;; Memory: bytes 0..31 state lo, state hi, inc lo, inc hi (i64); 32 has_uint32 (i32); 36 uinteger (i32);
;; the array from byte 64 (the caller grows the memory).
(module
  (memory (export "memory") 1)
  ;; the high 64 bits of the 128-bit product of two unsigned 64-bit words
  (func $mulhi (param $a i64) (param $b i64) (result i64)
    (local $a0 i64) (local $a1 i64) (local $b0 i64) (local $b1 i64) (local $p01 i64) (local $p10 i64) (local $mid i64)
    (local.set $a0 (i64.and (local.get $a) (i64.const 0xffffffff)))
    (local.set $a1 (i64.shr_u (local.get $a) (i64.const 32)))
    (local.set $b0 (i64.and (local.get $b) (i64.const 0xffffffff)))
    (local.set $b1 (i64.shr_u (local.get $b) (i64.const 32)))
    (local.set $p01 (i64.mul (local.get $a0) (local.get $b1)))
    (local.set $p10 (i64.mul (local.get $a1) (local.get $b0)))
    (local.set $mid (i64.add (i64.add (i64.shr_u (i64.mul (local.get $a0) (local.get $b0)) (i64.const 32))
      (i64.and (local.get $p01) (i64.const 0xffffffff))) (i64.and (local.get $p10) (i64.const 0xffffffff))))
    (i64.add (i64.add (i64.add (i64.mul (local.get $a1) (local.get $b1)) (i64.shr_u (local.get $p01) (i64.const 32)))
      (i64.shr_u (local.get $p10) (i64.const 32))) (i64.shr_u (local.get $mid) (i64.const 32))))
  (func (export "shuffle") (param $n i32)
    (local $slo i64) (local $shi i64) (local $ilo i64) (local $ihi i64) (local $has i32) (local $u i32)
    (local $lo i64) (local $out i64) (local $i i32) (local $j i32) (local $mask i32) (local $v i32) (local $pi i32) (local $pj i32) (local $t i32)
    (local.set $slo (i64.load (i32.const 0)))
    (local.set $shi (i64.load (i32.const 8)))
    (local.set $ilo (i64.load (i32.const 16)))
    (local.set $ihi (i64.load (i32.const 24)))
    (local.set $has (i32.load (i32.const 32)))
    (local.set $u (i32.load (i32.const 36)))
    ;; arange(n)
    (local.set $i (i32.const 0))
    (block $filled
      (loop $fill
        (br_if $filled (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.add (i32.const 64) (i32.shl (local.get $i) (i32.const 2))) (local.get $i))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $fill)))
    (local.set $mask (i32.const -1))
    (local.set $i (i32.sub (local.get $n) (i32.const 1)))
    (block $done
      (loop $outer
        (br_if $done (i32.lt_s (local.get $i) (i32.const 1)))
        ;; while (mask >>> 1 >= i) mask >>>= 1
        (block $masked
          (loop $shrink
            (br_if $masked (i32.lt_u (i32.shr_u (local.get $mask) (i32.const 1)) (local.get $i)))
            (local.set $mask (i32.shr_u (local.get $mask) (i32.const 1)))
            (br $shrink)))
        ;; do j = next_uint32() & mask while (j > i)
        (loop $draw
          (if (local.get $has)
            (then (local.set $has (i32.const 0)) (local.set $v (local.get $u)))
            (else
              ;; state = state * MULTIPLIER + inc (mod 2^128)
              (local.set $lo (i64.add (i64.mul (local.get $slo) (i64.const 4865540595714422341)) (local.get $ilo)))
              (local.set $shi (i64.add (i64.add (i64.add (i64.add
                (i64.mul (local.get $shi) (i64.const 4865540595714422341))
                (i64.mul (local.get $slo) (i64.const 2549297995355413924)))
                (call $mulhi (local.get $slo) (i64.const 4865540595714422341)))
                (local.get $ihi))
                (i64.extend_i32_u (i64.lt_u (local.get $lo) (local.get $ilo)))))
              (local.set $slo (local.get $lo))
              ;; pcg_output_xsl_rr_128_64: rotr64(hi ^ lo, hi >> 58)
              (local.set $out (i64.rotr (i64.xor (local.get $shi) (local.get $slo)) (i64.shr_u (local.get $shi) (i64.const 58))))
              (local.set $has (i32.const 1))
              (local.set $u (i32.wrap_i64 (i64.shr_u (local.get $out) (i64.const 32))))
              (local.set $v (i32.wrap_i64 (local.get $out)))))
          (local.set $j (i32.and (local.get $v) (local.get $mask)))
          (br_if $draw (i32.gt_u (local.get $j) (local.get $i))))
        (local.set $pi (i32.add (i32.const 64) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $pj (i32.add (i32.const 64) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $t (i32.load (local.get $pi)))
        (i32.store (local.get $pi) (i32.load (local.get $pj)))
        (i32.store (local.get $pj) (local.get $t))
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (br $outer)))
    (i64.store (i32.const 0) (local.get $slo))
    (i64.store (i32.const 8) (local.get $shi))
    (i32.store (i32.const 32) (local.get $has))
    (i32.store (i32.const 36) (local.get $u))))
