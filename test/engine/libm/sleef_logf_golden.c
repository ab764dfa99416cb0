#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
__m256 Sleef_logf8_u10avx2(__m256);
__m512 Sleef_logf16_u10avx512f(__m512);
int main(){
  int N=1<<24; float *a=malloc(N*4),*b=malloc(N*4),*c=malloc(N*4);
  for(int k=0;k<N;k++) a[k]=(float)((double)k/16777216.0);
  for(int k=0;k<N;k+=8){ _mm256_storeu_ps(b+k, Sleef_logf8_u10avx2(_mm256_loadu_ps(a+k))); }
  for(int k=0;k<N;k+=16){ _mm512_storeu_ps(c+k, Sleef_logf16_u10avx512f(_mm512_loadu_ps(a+k))); }
  FILE*f=fopen("sleef8.f32","wb"); fwrite(b,4,N,f); fclose(f);
  f=fopen("sleef16.f32","wb"); fwrite(c,4,N,f); fclose(f);
  return 0;
}
