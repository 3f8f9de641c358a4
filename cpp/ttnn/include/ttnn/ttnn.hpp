#pragma once
// The public C++ API of the CPU TT-NN device in one include.
#include "ttnn/compute_config.hpp"
#include "ttnn/conversion.hpp"
#include "ttnn/device.hpp"
#include "ttnn/dtype.hpp"
#include "ttnn/error.hpp"
#include "ttnn/layout.hpp"
#include "ttnn/memory_config.hpp"
#include "ttnn/ops/registry.hpp"
#include "ttnn/shape.hpp"
#include "ttnn/tensor.hpp"
#include "ttnn/thread_pool.hpp"
