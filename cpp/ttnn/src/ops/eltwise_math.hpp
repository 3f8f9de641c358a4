#pragma once
// Internal: TT-NN's rarer element-wise ops (inverse trig, special functions, shrinks, atan2, gcd, addcmul,
// ...), each declared as one row of a table: its TT-NN name, doc, extra scalar parameters with TT-NN's
// defaults, and a per-element function. One runner serves every row: the operands go through the shared
// element-wise loop (broadcasting, numbers on either side, every dtype and layout), and the function is
// evaluated per element in double, so the output is rounded once to its dtype. These ops have no vector
// kernels: none is hot in the models this project runs, and the double path is their reference.
#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "kernels/eltwise_loop.hpp"
#include "ttnn/ops/registry.hpp"

namespace ttnn::ops {

// The op's scalar parameters, in the order its row declares them.
using MathParams = std::array<double, 3>;
// x holds one element of each operand, in operand order.
using MathFn = double (*)(const double* x, const MathParams& p);
using IntMathFn = int64_t (*)(const int64_t* x, const MathParams& p);

struct MathParam {
    std::string_view name;
    double fallback = 0.0;  // TT-NN's default; unused when `required`
    bool required = false;
    bool flag = false;  // a bool (isclose's equal_nan), passed to the function as 1 or 0
    // A string among these (rdiv's round_mode), passed to the function as its position + 1; None passes 0.
    std::vector<std::string_view> choices = {};
};

// Rejects argument values TT-NN rejects (polygamma's k), before any element is computed.
using MathCheck = void (*)(std::string_view op, const MathParams& p);

struct MathOp {
    std::string_view name;
    std::string_view doc;
    std::vector<MathParam> params;  // after the operands, before memory_config
    MathFn fn = nullptr;            // null: integer tensors only
    IntMathFn int_fn = nullptr;     // null: floating tensors only
    MathCheck check = nullptr;      // null: every value is accepted
};

// The float loop of a table row: `fn` per element, in double, over `arity` operands; rounded once to float.
kernels::BlockFn<float> per_element(MathFn fn, const MathParams& p, size_t arity);

// Registers `rows` as ops of `family` whose operands are `operands` (the first a Tensor, the rest Tensor or a
// number), each followed by the row's params, memory_config, output_tensor and queue_id.
void register_math_ops(std::vector<OpInfo>& ops,
                       std::string_view family,
                       std::span<const Param> operands,
                       std::vector<MathOp> rows);

}  // namespace ttnn::ops
