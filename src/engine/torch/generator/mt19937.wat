;; Bulk MT19937 draws in pure-rand's state layout (src/generator/mersenne.ts of pure-rand 8.4.2):
;; words [0, index) already belong to the next generation; each draw tempers mt[index], then twists that
;; word in place (`twistedNext`). The stream is the reference MT19937's, and torch's.
;; Memory: mt[624] as i32 at bytes 0..2495; outputs from byte 4096.
(module
  (memory (export "memory") 1)
  (func $fill (export "fill") (param $idx i32) (param $n i32) (result i32)
    ;; runs of words without a wrap: [idx, 227) reads mt[k + 397]; [227, 623) reads mt[k - 227];
    ;; word 623 reads mt[0] (already twisted) and mt[396].
    (local $out i32) (local $endOut i32) (local $k i32) (local $stop i32) (local $off i32) (local $y i32) (local $t i32) (local $run i32) (local $vy v128) (local $vt v128)
    (local.set $out (i32.const 4096))
    (local.set $endOut (i32.add (i32.const 4096) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $outer
        (br_if $done (i32.ge_u (local.get $out) (local.get $endOut)))
        (if (i32.eq (local.get $idx) (i32.const 623))
          (then
            (local.set $y (i32.load (i32.const 2492)))
            (local.set $t (i32.or (i32.and (local.get $y) (i32.const 0x80000000)) (i32.and (i32.load (i32.const 0)) (i32.const 0x7fffffff))))
            (i32.store (i32.const 2492) (i32.xor (i32.xor (i32.load (i32.const 1584)) (i32.shr_u (local.get $t) (i32.const 1)))
              (i32.and (i32.sub (i32.const 0) (i32.and (local.get $t) (i32.const 1))) (i32.const 0x9908b0df))))
            (local.set $y (i32.xor (local.get $y) (i32.shr_u (local.get $y) (i32.const 11))))
            (local.set $y (i32.xor (local.get $y) (i32.and (i32.shl (local.get $y) (i32.const 7)) (i32.const 0x9d2c5680))))
            (local.set $y (i32.xor (local.get $y) (i32.and (i32.shl (local.get $y) (i32.const 15)) (i32.const 0xefc60000))))
            (i32.store (local.get $out) (i32.xor (local.get $y) (i32.shr_u (local.get $y) (i32.const 18))))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (local.set $idx (i32.const 0))
            (br $outer)))
        ;; a run: k from idx up to the segment's end or the words asked for
        (if (i32.lt_u (local.get $idx) (i32.const 227))
          (then (local.set $stop (i32.const 227)) (local.set $off (i32.const 1588)))
          (else (local.set $stop (i32.const 623)) (local.set $off (i32.const -908))))
        (local.set $run (i32.sub (local.get $stop) (local.get $idx)))
        (if (i32.gt_u (local.get $run) (i32.shr_u (i32.sub (local.get $endOut) (local.get $out)) (i32.const 2)))
          (then (local.set $run (i32.shr_u (i32.sub (local.get $endOut) (local.get $out)) (i32.const 2)))))
        (local.set $k (i32.shl (local.get $idx) (i32.const 2)))
        (local.set $stop (i32.add (local.get $k) (i32.shl (local.get $run) (i32.const 2))))
        (local.set $idx (i32.add (local.get $idx) (local.get $run)))
        (block $runDone
          (loop $inner
            (br_if $runDone (i32.ge_u (local.get $k) (local.get $stop)))
            ;; four words at a time (SIMD) while the run has them: mt[k+1..k+4] are still untwisted and
            ;; mt[k+off..] lie outside mt[k..k+3], so each lane computes exactly the scalar step below
            (if (i32.ge_u (i32.sub (local.get $stop) (local.get $k)) (i32.const 16))
              (then
                (local.set $vy (v128.load (local.get $k)))
                (local.set $vt (v128.or (v128.and (local.get $vy) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))
                  (v128.and (v128.load offset=4 (local.get $k)) (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff))))
                (v128.store (local.get $k) (v128.xor (v128.xor (v128.load (i32.add (local.get $k) (local.get $off))) (i32x4.shr_u (local.get $vt) (i32.const 1)))
                  (v128.and (i32x4.neg (v128.and (local.get $vt) (v128.const i32x4 1 1 1 1))) (v128.const i32x4 0x9908b0df 0x9908b0df 0x9908b0df 0x9908b0df))))
                (local.set $vy (v128.xor (local.get $vy) (i32x4.shr_u (local.get $vy) (i32.const 11))))
                (local.set $vy (v128.xor (local.get $vy) (v128.and (i32x4.shl (local.get $vy) (i32.const 7)) (v128.const i32x4 0x9d2c5680 0x9d2c5680 0x9d2c5680 0x9d2c5680))))
                (local.set $vy (v128.xor (local.get $vy) (v128.and (i32x4.shl (local.get $vy) (i32.const 15)) (v128.const i32x4 0xefc60000 0xefc60000 0xefc60000 0xefc60000))))
                (v128.store (local.get $out) (v128.xor (local.get $vy) (i32x4.shr_u (local.get $vy) (i32.const 18))))
                (local.set $out (i32.add (local.get $out) (i32.const 16)))
                (local.set $k (i32.add (local.get $k) (i32.const 16)))
                (br $inner)))
            (local.set $y (i32.load (local.get $k)))
            (local.set $t (i32.or (i32.and (local.get $y) (i32.const 0x80000000)) (i32.and (i32.load offset=4 (local.get $k)) (i32.const 0x7fffffff))))
            (i32.store (local.get $k) (i32.xor (i32.xor (i32.load (i32.add (local.get $k) (local.get $off))) (i32.shr_u (local.get $t) (i32.const 1)))
              (i32.and (i32.sub (i32.const 0) (i32.and (local.get $t) (i32.const 1))) (i32.const 0x9908b0df))))
            (local.set $y (i32.xor (local.get $y) (i32.shr_u (local.get $y) (i32.const 11))))
            (local.set $y (i32.xor (local.get $y) (i32.and (i32.shl (local.get $y) (i32.const 7)) (i32.const 0x9d2c5680))))
            (local.set $y (i32.xor (local.get $y) (i32.and (i32.shl (local.get $y) (i32.const 15)) (i32.const 0xefc60000))))
            (i32.store (local.get $out) (i32.xor (local.get $y) (i32.shr_u (local.get $y) (i32.const 18))))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (local.set $k (i32.add (local.get $k) (i32.const 4)))
            (br $inner)))
        (br $outer)))
    (local.get $idx))
  ;; float32 uniform_(from, to) for n draws, written over the words from byte 4096:
  ;; x = (word & 0xFFFFFF) * 2^-24; fused (AVX2, where the caller proved x*d + a exact in a double):
  ;; RN32(x*d + a); else (the default kernel) RN32(RN32(x*d) + a).
  (func (export "uniform_f32") (param $idx i32) (param $n i32) (param $d f64) (param $a f64) (param $fused i32) (result i32)
    (local $p i32) (local $end i32) (local $x f64) (local $a32 f32) (local $vd v128) (local $va v128) (local $w v128) (local $lo v128) (local $hi v128)
    (local.set $idx (call $fill (local.get $idx) (local.get $n)))
    (local.set $p (i32.const 4096))
    (local.set $end (i32.add (i32.const 4096) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $a32 (f32.demote_f64 (local.get $a)))
    ;; four at a time (SIMD), each lane the scalar loop's operations in the same precision
    (local.set $vd (f64x2.splat (local.get $d)))
    (local.set $va (f64x2.splat (local.get $a)))
    (block $done4
      (loop $loop4
        (br_if $done4 (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
        (local.set $w (v128.and (v128.load (local.get $p)) (v128.const i32x4 0xffffff 0xffffff 0xffffff 0xffffff)))
        (local.set $lo (f64x2.mul (f64x2.convert_low_i32x4_s (local.get $w)) (f64x2.splat (f64.const 0x1p-24))))
        (local.set $hi (f64x2.mul (f64x2.convert_low_i32x4_s (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $w) (local.get $w)))
          (f64x2.splat (f64.const 0x1p-24))))
        (if (local.get $fused)
          (then
            (v128.store (local.get $p) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
              (f32x4.demote_f64x2_zero (f64x2.add (f64x2.mul (local.get $lo) (local.get $vd)) (local.get $va)))
              (f32x4.demote_f64x2_zero (f64x2.add (f64x2.mul (local.get $hi) (local.get $vd)) (local.get $va))))))
          (else
            (v128.store (local.get $p) (f32x4.add (f32x4.splat (local.get $a32)) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
              (f32x4.demote_f64x2_zero (f64x2.mul (local.get $lo) (local.get $vd)))
              (f32x4.demote_f64x2_zero (f64x2.mul (local.get $hi) (local.get $vd))))))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $loop4)))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $x (f64.mul (f64.convert_i32_u (i32.and (i32.load (local.get $p)) (i32.const 0xffffff))) (f64.const 0x1p-24)))
        (if (local.get $fused)
          (then (f32.store (local.get $p) (f32.demote_f64 (f64.add (f64.mul (local.get $x) (local.get $d)) (local.get $a)))))
          (else (f32.store (local.get $p) (f32.add (f32.demote_f64 (f64.mul (local.get $x) (local.get $d))) (local.get $a32)))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $loop)))
    (local.get $idx))
  ;; randint's 32-bit path for n draws, written over the words from byte 4096 as int32:
  ;; rem = w - floor(w * (1/r)) * r, corrected by one r either way (exact: w < 2^32, r <= 2^32), + base
  ;; (src/engine/torch/tensor/randint.ts fillRandintInt32 computes the same in doubles).
  (func (export "randint_i32") (param $idx i32) (param $n i32) (param $r f64) (param $base i32) (result i32)
    (local $p i32) (local $end i32) (local $inv f64) (local $x f64) (local $q f64)
    (local $vr v128) (local $vinv v128) (local $w v128) (local $lo v128) (local $hi v128)
    (local.set $idx (call $fill (local.get $idx) (local.get $n)))
    (local.set $p (i32.const 4096))
    (local.set $end (i32.add (i32.const 4096) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $inv (f64.div (f64.const 1) (local.get $r)))
    (local.set $vr (f64x2.splat (local.get $r)))
    (local.set $vinv (f64x2.splat (local.get $inv)))
    (block $done4
      (loop $loop4
        (br_if $done4 (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
        (local.set $w (v128.load (local.get $p)))
        (local.set $lo (f64x2.convert_low_i32x4_u (local.get $w)))
        (local.set $hi (f64x2.convert_low_i32x4_u (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $w) (local.get $w))))
        (local.set $lo (f64x2.sub (local.get $lo) (f64x2.mul (f64x2.floor (f64x2.mul (local.get $lo) (local.get $vinv))) (local.get $vr))))
        (local.set $lo (f64x2.sub (f64x2.add (local.get $lo) (v128.and (f64x2.lt (local.get $lo) (f64x2.splat (f64.const 0))) (local.get $vr)))
          (v128.and (f64x2.ge (local.get $lo) (local.get $vr)) (local.get $vr))))
        (local.set $hi (f64x2.sub (local.get $hi) (f64x2.mul (f64x2.floor (f64x2.mul (local.get $hi) (local.get $vinv))) (local.get $vr))))
        (local.set $hi (f64x2.sub (f64x2.add (local.get $hi) (v128.and (f64x2.lt (local.get $hi) (f64x2.splat (f64.const 0))) (local.get $vr)))
          (v128.and (f64x2.ge (local.get $hi) (local.get $vr)) (local.get $vr))))
        (v128.store (local.get $p) (i32x4.add (i32x4.splat (local.get $base))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (i32x4.trunc_sat_f64x2_u_zero (local.get $lo)) (i32x4.trunc_sat_f64x2_u_zero (local.get $hi)))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $loop4)))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $x (f64.convert_i32_u (i32.load (local.get $p))))
        (local.set $q (f64.sub (local.get $x) (f64.mul (f64.floor (f64.mul (local.get $x) (local.get $inv))) (local.get $r))))
        (if (f64.lt (local.get $q) (f64.const 0))
          (then (local.set $q (f64.add (local.get $q) (local.get $r))))
          (else (if (f64.ge (local.get $q) (local.get $r)) (then (local.set $q (f64.sub (local.get $q) (local.get $r)))))))
        (i32.store (local.get $p) (i32.add (i32.trunc_sat_f64_u (local.get $q)) (local.get $base)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $loop)))
    (local.get $idx)))
