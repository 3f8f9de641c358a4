// The pool kernels compiled with AVX2+FMA code generation (bodies in pool_impl.hpp).
#include "kernels/pool_impl.hpp"

namespace ttnn::kernels {

const PoolKernels& pool_kernels_avx2() {
    static const PoolKernels kernels{
        detail::max_pool_row, detail::window_sum_row, detail::bilinear_row, detail::window_max_row};
    return kernels;
}

}  // namespace ttnn::kernels
