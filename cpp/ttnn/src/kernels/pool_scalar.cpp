// The portable build of the pool kernels (the reference the AVX2 build is tested against).
#include "kernels/pool_impl.hpp"
#include "ttnn/isa.hpp"

namespace ttnn::kernels {

const PoolKernels& pool_kernels_scalar() {
    static const PoolKernels kernels{
        detail::max_pool_row, detail::window_sum_row, detail::bilinear_row, detail::window_max_row};
    return kernels;
}

const PoolKernels& pool_kernels() {
#if TTNN_HAVE_AVX2
    if (isa_at_least(Isa::AVX2))
        return pool_kernels_avx2();
#endif
    return pool_kernels_scalar();
}

}  // namespace ttnn::kernels
