;; Bulk MT19937 draws in pure-rand's state layout (src/generator/mersenne.ts of pure-rand 8.4.2):
;; words [0, index) already belong to the next generation; each draw tempers mt[index], then twists that
;; word in place (`twistedNext`). The stream is the reference MT19937's, and torch's.
;; Memory: mt[624] as i32 at bytes 0..2495; outputs from byte 4096.
(module
  (memory (export "memory") 1)
  (func (export "fill") (param $idx i32) (param $n i32) (result i32)
    (local $i i32) (local $y i32) (local $next i32) (local $m i32) (local $t i32) (local $out i32)
    (local.set $out (i32.const 4096))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        ;; y = mt[idx], tempered: y ^= y >>> 11; y ^= (y << 7) & 0x9d2c5680; y ^= (y << 15) & 0xefc60000; y ^= y >>> 18
        (local.set $y (i32.load (i32.shl (local.get $idx) (i32.const 2))))
        (local.set $y (i32.xor (local.get $y) (i32.shr_u (local.get $y) (i32.const 11))))
        (local.set $y (i32.xor (local.get $y) (i32.and (i32.shl (local.get $y) (i32.const 7)) (i32.const 0x9d2c5680))))
        (local.set $y (i32.xor (local.get $y) (i32.and (i32.shl (local.get $y) (i32.const 15)) (i32.const 0xefc60000))))
        (local.set $y (i32.xor (local.get $y) (i32.shr_u (local.get $y) (i32.const 18))))
        (i32.store (local.get $out) (local.get $y))
        ;; twist word idx: t = (mt[idx] & 0x80000000) | (mt[next] & 0x7fffffff);
        ;; mt[idx] = mt[(idx + 397) mod 624] ^ (t >>> 1) ^ (-(t & 1) & 0x9908b0df)
        (local.set $next (i32.add (local.get $idx) (i32.const 1)))
        (if (i32.eq (local.get $next) (i32.const 624)) (then (local.set $next (i32.const 0))))
        (local.set $m (i32.add (local.get $idx) (i32.const 397)))
        (if (i32.ge_u (local.get $m) (i32.const 624)) (then (local.set $m (i32.sub (local.get $m) (i32.const 624)))))
        (local.set $t (i32.or
          (i32.and (i32.load (i32.shl (local.get $idx) (i32.const 2))) (i32.const 0x80000000))
          (i32.and (i32.load (i32.shl (local.get $next) (i32.const 2))) (i32.const 0x7fffffff))))
        (i32.store (i32.shl (local.get $idx) (i32.const 2))
          (i32.xor
            (i32.xor (i32.load (i32.shl (local.get $m) (i32.const 2))) (i32.shr_u (local.get $t) (i32.const 1)))
            (i32.and (i32.sub (i32.const 0) (i32.and (local.get $t) (i32.const 1))) (i32.const 0x9908b0df))))
        (local.set $idx (local.get $next))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $loop)))
    (local.get $idx)))
