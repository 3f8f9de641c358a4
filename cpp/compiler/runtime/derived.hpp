#pragma once
// Values derived from parameters alone. An instruction whose inputs are all parameters, constants or other
// such values computes the same tensor on every call until a parameter changes: a weight's transpose, a
// batch norm folded into a conv's weight, a bfloat8_b copy of a weight. The runtime computes them once and
// keeps them with the program (DerivedValues, program.hpp), keyed by the versions of the model's parameters;
// and a value read as an op's declared weight operand (ttnn::OpInfo::weight) is packed when it is (re)computed.
#include <vector>

#include "compiler/runtime/program.hpp"

namespace torch_ttnn {

// Marks Instr::derived (constants and parameter uploads are the sources), Instr::transient and
// Instr::weight_prep. `is_param[v]`: graph input v is a parameter or buffer; `is_constant[v]`: slot v holds a
// constant; `outputs`: the program's outputs.
void mark_derived(std::vector<Instr>& code,
                  const std::vector<bool>& is_param,
                  std::vector<bool> is_constant,
                  const std::vector<ValueId>& outputs);

// Packs `weight` into the prepared-weight cache of the op that reads it.
void prepare_weight(const ttnn::Tensor& weight, const WeightPrep& prep);

}  // namespace torch_ttnn
