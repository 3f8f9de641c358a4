// TT-NN's explicit layout ops: tilize, untilize and their padding variants, and fill_implicit_tile_padding.
// They are to_layout with TT-NN's preconditions (tilize takes ROW_MAJOR input whose rows fill whole tiles,
// untilize takes TILE), plus padding to a requested shape with a value, or unpadding to an end index.
//
// tilize_with_val_padding to the input's own tile-padded shape keeps the input's logical shape and writes the
// pad value into the tile padding, as TT-NN does; to a larger shape the padded region becomes part of the
// logical shape (this device stores no padding beyond the next multiple of 32).
#include <cstring>

#include "core/element_convert.hpp"
#include "ops/families.hpp"
#include "ttnn/conversion.hpp"
#include "ttnn/error.hpp"
#include "ttnn/ops/data_movement.hpp"

namespace ttnn {
namespace {

void check_layout(const char* op, const Tensor& t, Layout expected) {
    TTNN_CHECK(t.layout() == expected,
               VALUE,
               op,
               ": expected a ",
               name(expected),
               " input, got ",
               name(t.layout()),
               " (use ttnn.to_layout to convert any tensor)");
}

// Writes `value` into every TILE padding element of `t` (stored as its padded shape, row by row).
void write_tile_padding(Tensor& t, double value) {
    const size_t bytes = info(t.dtype()).element_bytes;
    std::byte element[8] = {};
    const float f = static_cast<float>(value);
    detail::convert_elements(&f, DataType::FLOAT32, element, t.dtype(), 1);
    const std::vector<uint32_t> dims = t.logical_shape().to_vector();
    const uint32_t h = dims.size() >= 2 ? dims[dims.size() - 2] : 1;
    const uint32_t w = dims.empty() ? 1 : dims.back();
    const TileGeometry g = tile_geometry(t.padded_shape());
    std::byte* data = t.buffer()->data();
    for (uint64_t slice = 0; slice < g.outer; ++slice) {
        for (uint32_t row = 0; row < g.height; ++row) {
            std::byte* line = data + ((slice * g.height + row) * g.width) * bytes;
            for (uint32_t col = (row < h ? w : 0); col < g.width; ++col)
                std::memcpy(line + col * bytes, element, bytes);
        }
    }
}

}  // namespace

Tensor fill_implicit_tile_padding(const Tensor& input, double fill_value, std::optional<MemoryConfig> memory_config) {
    const char* op = "ttnn.fill_implicit_tile_padding";
    input.check_usable(op);
    check_layout(op, input, Layout::TILE);
    TTNN_CHECK(!is_block_float(input.dtype()),
               TYPE,
               op,
               ": unsupported dtype; expected a dtype stored element by element, got ",
               name(input.dtype()));
    Tensor out = clone(input, memory_config);
    write_tile_padding(out, fill_value);
    return out;
}

Tensor tilize(const Tensor& input, std::optional<MemoryConfig> memory_config, std::optional<DataType> dtype) {
    const char* op = "ttnn.tilize";
    input.check_usable(op);
    check_layout(op, input, Layout::ROW_MAJOR);
    const Shape& shape = input.logical_shape();
    const uint64_t width = shape.rank() == 0 ? 1 : shape[static_cast<int>(shape.rank()) - 1];
    TTNN_CHECK(width % TILE_WIDTH == 0 && shape.volume() % TILE_HW == 0,
               VALUE,
               op,
               ": the input must fill whole tiles; expected a last dim divisible by 32 and a volume divisible by ",
               "1024, got shape ",
               shape.to_string(),
               " (use ttnn.tilize_with_zero_padding)");
    return to_layout(input, Layout::TILE, dtype, memory_config);
}

Tensor untilize(const Tensor& input, std::optional<MemoryConfig> memory_config) {
    input.check_usable("ttnn.untilize");
    check_layout("ttnn.untilize", input, Layout::TILE);
    return to_layout(input, Layout::ROW_MAJOR, std::nullopt, memory_config);
}

Tensor tilize_with_val_padding(const Tensor& input,
                               const std::vector<int64_t>& output_shape,
                               double pad_value,
                               std::optional<MemoryConfig> memory_config,
                               std::optional<DataType> dtype) {
    const char* op = "ttnn.tilize_with_val_padding";
    input.check_usable(op);
    check_layout(op, input, Layout::ROW_MAJOR);
    const std::vector<uint32_t> dims = input.logical_shape().to_vector();
    TTNN_CHECK(output_shape.size() == dims.size(),
               VALUE,
               op,
               ": output_tensor_shape must have the input's rank; expected ",
               dims.size(),
               " dims, got ",
               output_shape.size());
    std::vector<int64_t> padding;  // torch.nn.functional.pad order: last dim first
    bool tile_padding_only = true;
    const Shape tiled = padded_shape(input.logical_shape(), Layout::TILE);
    for (size_t i = 0; i < dims.size(); ++i) {
        TTNN_CHECK(output_shape[i] >= dims[i],
                   VALUE,
                   op,
                   ": output_tensor_shape cannot be smaller than the input; expected dim ",
                   i,
                   " >= ",
                   dims[i],
                   ", got ",
                   output_shape[i]);
        padding.insert(padding.begin(), {0, output_shape[i] - dims[i]});
        tile_padding_only = tile_padding_only && static_cast<size_t>(tiled.rank()) == dims.size() &&
                            output_shape[i] == tiled[static_cast<int>(i)];
    }
    if (tile_padding_only) {
        Tensor out = to_layout(input, Layout::TILE, dtype, memory_config);
        return pad_value == 0.0 ? out : fill_implicit_tile_padding(out, pad_value, memory_config);
    }
    return to_layout(pad(input, padding, pad_value, memory_config), Layout::TILE, dtype, memory_config);
}

Tensor untilize_with_unpadding(const Tensor& input,
                               const std::vector<int64_t>& output_tensor_end,
                               std::optional<MemoryConfig> memory_config) {
    const char* op = "ttnn.untilize_with_unpadding";
    input.check_usable(op);
    check_layout(op, input, Layout::TILE);
    const std::vector<uint32_t> dims = input.logical_shape().to_vector();
    TTNN_CHECK(output_tensor_end.size() == dims.size(),
               VALUE,
               op,
               ": output_tensor_end must have one (inclusive) end index per dim; expected ",
               dims.size(),
               ", got ",
               output_tensor_end.size());
    std::vector<int64_t> starts(dims.size(), 0), ends;
    for (size_t i = 0; i < dims.size(); ++i) {
        TTNN_CHECK(output_tensor_end[i] >= 0 && output_tensor_end[i] < dims[i],
                   VALUE,
                   op,
                   ": output_tensor_end[",
                   i,
                   "] is outside the tensor; expected 0 to ",
                   dims[i] - 1,
                   ", got ",
                   output_tensor_end[i]);
        ends.push_back(output_tensor_end[i] + 1);
    }
    return slice(to_layout(input, Layout::ROW_MAJOR), starts, ends, {}, memory_config);
}

namespace ops {
namespace {

OpOutputs run_tilize(const OpArgs& a) {
    return {tilize(a.tensor("input_tensor"), a.memory_config("memory_config"), a.dtype("dtype"))};
}

OpOutputs run_untilize(const OpArgs& a) {
    return {untilize(a.tensor("input_tensor"), a.memory_config("memory_config"))};
}

OpOutputs run_tilize_with_val_padding(const OpArgs& a) {
    return {tilize_with_val_padding(a.tensor("input_tensor"),
                                    a.int_list("output_tensor_shape"),
                                    a.scalar("pad_value"),
                                    a.memory_config("memory_config"),
                                    a.dtype("dtype"))};
}

OpOutputs run_tilize_with_zero_padding(const OpArgs& a) {
    const Tensor& input = a.tensor("input_tensor");
    const Shape tiled = padded_shape(input.logical_shape(), Layout::TILE);
    std::vector<int64_t> shape(tiled.dims().begin(), tiled.dims().end());
    if (tiled.rank() != input.logical_shape().rank())  // rank 0/1: the tile row is padding only
        shape.assign(input.logical_shape().dims().begin(), input.logical_shape().dims().end());
    return {tilize_with_val_padding(input, shape, 0.0, a.memory_config("memory_config"), a.dtype("dtype"))};
}

OpOutputs run_untilize_with_unpadding(const OpArgs& a) {
    return {untilize_with_unpadding(
        a.tensor("input_tensor"), a.int_list("output_tensor_end"), a.memory_config("memory_config"))};
}

OpOutputs run_fill_implicit_tile_padding(const OpArgs& a) {
    return {
        fill_implicit_tile_padding(a.tensor("input_tensor"), a.scalar("fill_value"), a.memory_config("memory_config"))};
}

}  // namespace

void register_tilize_ops(std::vector<OpInfo>& ops) {
    const Param input{"input_tensor", ArgKind::TENSOR, true};
    const Param memory_config{"memory_config", ArgKind::MEMORY_CONFIG};
    const Param dtype{"dtype", ArgKind::DTYPE};
    // Accepted for TT-NN's signatures; they choose among a card's programs, which give the same values.
    const Param multicore{"use_multicore", ArgKind::BOOL};
    const Param pack_untilize{"use_pack_untilize", ArgKind::BOOL};
    const auto add = [&](std::string_view name, std::string_view doc, std::vector<Param> params, OpInvoke invoke) {
        ops.push_back(family_op("conversion", name, doc, std::move(params), ALL_DTYPES, invoke));
    };
    add("tilize",
        "ROW_MAJOR to TILE for a tensor whose rows fill whole tiles (last dim and volume multiples of 32, 1024).",
        {input, memory_config, dtype, multicore},
        run_tilize);
    add("untilize", "TILE to ROW_MAJOR.", {input, memory_config, multicore, pack_untilize}, run_untilize);
    add("tilize_with_val_padding",
        "ROW_MAJOR to TILE padded up to output_tensor_shape with pad_value.",
        {input,
         {"output_tensor_shape", ArgKind::INT_LIST, true},
         {"pad_value", ArgKind::SCALAR, true},
         memory_config,
         dtype,
         multicore},
        run_tilize_with_val_padding);
    add("tilize_with_zero_padding",
        "ROW_MAJOR to TILE, the last two dims padded to multiples of 32 with zeros.",
        {input, memory_config, dtype, multicore},
        run_tilize_with_zero_padding);
    add("untilize_with_unpadding",
        "TILE to ROW_MAJOR cut to [0, output_tensor_end] (inclusive) in every dim.",
        {input, {"output_tensor_end", ArgKind::INT_LIST, true}, memory_config, multicore, pack_untilize},
        run_untilize_with_unpadding);
    add("fill_implicit_tile_padding",
        "A copy of a TILE tensor whose tile padding holds fill_value (what a card's padding-reading ops see).",
        {input, {"fill_value", ArgKind::SCALAR, true}, memory_config},
        run_fill_implicit_tile_padding);
}

}  // namespace ops
}  // namespace ttnn
