// Pass tests in TVM's before/expected style: build a small graph, run one pass, compare the printed IR with
// the expected text; each pass also has a case it must leave alone.
// How to add a case: build the input with the helpers, run the pass, EXPECT_EQ(to_string(g), "...").
#include <gtest/gtest.h>

#include <algorithm>

#include "compiler/ir/printer.hpp"
#include "compiler/ir/verifier.hpp"
#include "compiler/lowering/lower.hpp"
#include "compiler/passes/passes.hpp"
#include "compiler/passes/pipeline.hpp"
#include "ttnn/error.hpp"

namespace torch_ttnn {
namespace {

ValueId node(Graph& g, std::string target, std::vector<NamedOperand> args, std::vector<int64_t> shape) {
    Node n;
    n.target = std::move(target);
    n.args = std::move(args);
    n.source = static_cast<int32_t>(g.nodes.size());
    Value v;
    v.shape = std::move(shape);
    const ValueId id = g.add_value(std::move(v));
    n.outputs = {id};
    g.add_node(std::move(n));
    return id;
}

// x -> view [6] -> clone -> view [3, 2]; plus a dead clone of x.
// The op computing a graph output rounds to bfloat16 like the others (the tests below are about layouts).
CompileOptions bf16_outputs() {
    CompileOptions options;
    options.float32_outputs = false;
    return options;
}

Graph views() {
    Graph g;
    const ValueId x = g.add_input({2, 3}, ScalarType::FLOAT32);
    const ValueId flat = node(g, "aten.view.default", {{"self", Ref{x}}, {"size", std::vector<int64_t>{6}}}, {6});
    node(g, "aten.clone.default", {{"self", Ref{x}}}, {2, 3});
    const ValueId copy = node(g, "aten.clone.default", {{"self", Ref{flat}}}, {6});
    g.outputs = {node(g, "aten.view.default", {{"self", Ref{copy}}, {"size", std::vector<int64_t>{3, 2}}}, {3, 2})};
    return g;
}

TEST(PassDce, RemovesUnreadNodesOnly) {
    Graph g = views();
    EXPECT_EQ(eliminate_dead_code(g), 1);
    EXPECT_EQ(to_string(g),
              "graph(%0: f32[2, 3]) {\n"
              "  %1: f32[6] = aten aten.view.default(self=%0, size=[6])\n"
              "  %3: f32[6] = aten aten.clone.default(self=%1)\n"
              "  %4: f32[3, 2] = aten aten.view.default(self=%3, size=[3, 2])\n"
              "  return (%4)\n"
              "}\n");
    EXPECT_EQ(eliminate_dead_code(g), 0);  // must not change a graph with nothing dead
}

// cat([empty cache, k], -2), as transformers' DynamicCache writes its first step, and a cat whose result is
// itself empty, which the pass must leave alone.
TEST(PassDropEmptyOperands, EmptyCatOperandsGoAndTheirProducersDie) {
    Graph g;
    const ValueId cache = g.add_input({0}, ScalarType::FLOAT32, true);
    const ValueId k = g.add_input({1, 2, 3, 4}, ScalarType::FLOAT32);
    const ValueId fresh = node(g, "aten.lift_fresh_copy.default", {{"self", Ref{cache}}}, {0});
    const ValueId cat =
        node(g, "aten.cat.default", {{"tensors", RefList{{fresh}, {k}}}, {"dim", int64_t{-2}}}, {1, 2, 3, 4});
    const ValueId none =
        node(g, "aten.cat.default", {{"tensors", RefList{{fresh}, {cache}}}, {"dim", int64_t{0}}}, {0});
    g.outputs = {cat, none};
    EXPECT_EQ(drop_empty_operands(g), 1);
    eliminate_dead_code(g);
    EXPECT_EQ(to_string(g),
              "graph(%0: f32[0] param, %1: f32[1, 2, 3, 4]) {\n"
              "  %2: f32[0] = aten aten.lift_fresh_copy.default(self=%0)\n"
              "  %3: f32[1, 2, 3, 4] = aten aten.cat.default(tensors=[%1], dim=-2)\n"
              "  %4: f32[0] = aten aten.cat.default(tensors=[%2, %0], dim=0)\n"
              "  return (%3, %4)\n"
              "}\n");
    EXPECT_EQ(drop_empty_operands(g), 0);
}

TEST(PassLower, ViewsBecomeReshapesAndUnknownOpsStayOnHost) {
    Graph g = views();
    eliminate_dead_code(g);
    g.outputs.push_back(node(g, "aten.cumprod.default", {{"self", Ref{0}}, {"dim", int64_t{0}}}, {2, 3}));
    const LoweringReport report = lower(g, CompileOptions{});
    verify(g, Stage::LOWERED, "lower");
    EXPECT_EQ(report.lowered.at("aten.view.default"), 2);
    EXPECT_EQ(report.host.at("aten.cumprod.default"), 1);
    EXPECT_EQ(report.host_reasons.begin()->second, "no lowering rule for this overload");
    EXPECT_EQ(to_string(g),
              "graph(%0: f32[2, 3]) {\n"
              "  %6: f32[6] = ttnn reshape(input_tensor=%0, shape=[6])\n"
              "  %7: f32[6] = ttnn clone(input_tensor=%6)\n"
              "  %8: f32[3, 2] = ttnn reshape(input_tensor=%7, shape=[3, 2])\n"
              "  %5: f32[2, 3] = host aten.cumprod.default(self=%0, dim=0)\n"
              "  return (%8, %5)\n"
              "}\n");
}

TEST(PassLower, FallbackErrorNamesTheOp) {
    Graph g;
    const ValueId x = g.add_input({4}, ScalarType::FLOAT32);
    g.outputs = {node(g, "aten.cumprod.default", {{"self", Ref{x}}, {"dim", int64_t{0}}}, {4})};
    CompileOptions options;
    options.allow_fallback = false;
    try {
        lower(g, options);
        FAIL() << "expected fallback='error' to raise";
    } catch (const ttnn::Error& e) {
        EXPECT_NE(std::string(e.what()).find("aten.cumprod.default(f32[4], dim=0) would run on the host"),
                  std::string::npos)
            << e.what();
    }
}

TEST(PassPlace, OneUploadPerValueAndOneDownloadPerOutput) {
    Graph g;
    const ValueId x = g.add_input({2, 3}, ScalarType::FLOAT32);
    const ValueId a = node(g, "aten.clone.default", {{"self", Ref{x}}}, {2, 3});
    const ValueId b = node(g, "aten.clone.default", {{"self", Ref{x}}}, {2, 3});
    g.outputs = {a, b, a};
    lower(g, CompileOptions{});
    const PlacementReport report = place(g, CompileOptions{});
    verify(g, Stage::PLACED, "place");
    EXPECT_EQ(report.to_device, 1);
    EXPECT_EQ(report.from_device, 2);
    EXPECT_EQ(to_string(g),
              "graph(%0: f32[2, 3]) {\n"
              "  %5: f32[2, 3] dev(TILE,bfloat16) = to_device(input=%0)\n"
              "  %3: f32[2, 3] dev(TILE,bfloat16) = ttnn clone(input_tensor=%5)\n"
              "  %4: f32[2, 3] dev(TILE,bfloat16) = ttnn clone(input_tensor=%5)\n"
              "  %6: f32[2, 3] = from_device(input=%3)\n"
              "  %7: f32[2, 3] = from_device(input=%4)\n"
              "  return (%6, %7, %6)\n"
              "}\n");
}

TEST(PassPlace, ValuesThatTileWouldBloatLiveInRowMajor) {
    // [196608, 1] in TILE would pad its last dim to 32: the stretch that holds it runs ROW_MAJOR (the input is
    // uploaded so), and the first reader of a value back in a tile-friendly shape converts it to TILE.
    Graph g;
    const ValueId x = g.add_input({768, 256}, ScalarType::FLOAT32);
    const ValueId column =
        node(g, "aten.view.default", {{"self", Ref{x}}, {"size", std::vector<int64_t>{196608, 1}}}, {196608, 1});
    const ValueId copy = node(g, "aten.clone.default", {{"self", Ref{column}}}, {196608, 1});
    const ValueId back =
        node(g, "aten.view.default", {{"self", Ref{copy}}, {"size", std::vector<int64_t>{768, 256}}}, {768, 256});
    g.outputs = {node(g, "aten.clone.default", {{"self", Ref{back}}}, {768, 256})};
    lower(g, CompileOptions{});
    const PlacementReport report = place(g, CompileOptions{});
    verify(g, Stage::PLACED, "place");
    EXPECT_EQ(report.conversions, 1);
    EXPECT_EQ(to_string(g),
              "graph(%0: f32[768, 256]) {\n"
              "  %9: f32[768, 256] dev(ROW_MAJOR,bfloat16) = to_device(input=%0)\n"
              "  %5: f32[196608, 1] dev(ROW_MAJOR,bfloat16) = ttnn reshape(input_tensor=%9, shape=[196608, 1])\n"
              "  %6: f32[196608, 1] dev(ROW_MAJOR,bfloat16) = ttnn clone(input_tensor=%5)\n"
              "  %7: f32[768, 256] dev(ROW_MAJOR,bfloat16) = ttnn reshape(input_tensor=%6, shape=[768, 256])\n"
              "  %10: f32[768, 256] dev(TILE,bfloat16) = to_layout(input=%7)\n"
              "  %8: f32[768, 256] dev(TILE,bfloat16) = ttnn clone(input_tensor=%10)\n"
              "  %11: f32[768, 256] = from_device(input=%8)\n"
              "  return (%11)\n"
              "}\n");
}

TEST(PassPlace, ParametersTakeTheirSmallestLayoutAndReshapesFoldIntoTheUpload) {
    // A 1x1 conv weight [40, 32, 1, 1] reshaped to conv's prepared form [40, 32] is uploaded so (the reshape
    // runs on the host), in TILE, which holds [40, 32] within 2x of ROW_MAJOR's bytes; [40, 1] is 1/32 of its
    // TILE form, so it is uploaded ROW_MAJOR.
    Graph g;
    const ValueId w = g.add_input({40, 32, 1, 1}, ScalarType::FLOAT32, true);
    const ValueId scale = g.add_input({40}, ScalarType::FLOAT32, true);
    const ValueId flat =
        node(g, "aten.view.default", {{"self", Ref{w}}, {"size", std::vector<int64_t>{40, 32}}}, {40, 32});
    const ValueId col =
        node(g, "aten.view.default", {{"self", Ref{scale}}, {"size", std::vector<int64_t>{40, 1}}}, {40, 1});
    g.outputs = {node(g, "aten.mul.Tensor", {{"self", Ref{flat}}, {"other", Ref{col}}}, {40, 32})};
    lower(g, CompileOptions{});
    const PlacementReport report = place(g, bf16_outputs());
    verify(g, Stage::PLACED, "place");
    EXPECT_EQ(report.param_uploads, 2);
    EXPECT_EQ(to_string(g),
              "graph(%0: f32[40, 32, 1, 1] param, %1: f32[40] param) {\n"
              "  %5: f32[40, 32] dev(TILE,bfloat16) = to_device(input=%0)\n"
              "  %6: f32[40, 1] dev(ROW_MAJOR,bfloat16) = to_device(input=%1)\n"
              "  %7: f32[40, 32] dev(TILE,bfloat16) = ttnn mul(input_tensor_a=%5, input_tensor_b=%6)\n"
              "  %8: f32[40, 32] = from_device(input=%7)\n"
              "  return (%8)\n"
              "}\n");
}

TEST(PassPlace, HostOnlyGraphGetsNoTransfers) {
    Graph g;
    const ValueId x = g.add_input({4}, ScalarType::FLOAT32);
    g.outputs = {node(g, "aten.cumprod.default", {{"self", Ref{x}}, {"dim", int64_t{0}}}, {4})};
    lower(g, CompileOptions{});
    const PlacementReport report = place(g, CompileOptions{});
    EXPECT_EQ(report.to_device + report.from_device, 0);
}

TEST(PassMemoryPlan, FirstFitReusesDeadBuffers) {
    // Three bf16 TILE values of one tile each in a chain: at most two are alive at once.
    Graph g;
    const ValueId x = g.add_input({32, 32}, ScalarType::FLOAT32);
    const ValueId a = node(g, "aten.clone.default", {{"self", Ref{x}}}, {32, 32});
    const ValueId b = node(g, "aten.clone.default", {{"self", Ref{a}}}, {32, 32});
    g.outputs = {node(g, "aten.clone.default", {{"self", Ref{b}}}, {32, 32})};
    lower(g, CompileOptions{});
    place(g, bf16_outputs());
    const MemoryPlan plan = plan_memory(g, CompileOptions{});
    const uint64_t tile = 32 * 32 * 2;
    EXPECT_EQ(plan.live_peak_bytes, 2 * tile);
    EXPECT_EQ(plan.peak_device_bytes, 2 * tile);
    // Each value is freed right after its last reader.
    size_t frees = 0;
    for (const auto& f : plan.frees)
        frees += f.size();
    EXPECT_GE(frees, 4u);
}

TEST(PassPlace, ValueDerivedFromParametersAvoidsBloatingLayout) {
    // neg(w) reshaped to OIHW [256, 96, 1, 1]: computed from a parameter alone, so kept; TILE would pad the
    // trailing 1x1 to 32x32, so the reshape reads and writes ROW_MAJOR.
    Graph g;
    const ValueId w = g.add_input({1, 256, 96}, ScalarType::FLOAT32, /*is_param=*/true);
    const ValueId n = node(g, "aten.neg.default", {{"self", Ref{w}}}, {1, 256, 96});
    const ValueId r = node(
        g, "aten.view.default", {{"self", Ref{n}}, {"size", std::vector<int64_t>{256, 96, 1, 1}}}, {256, 96, 1, 1});
    g.outputs = {node(g, "aten.neg.default", {{"self", Ref{r}}}, {256, 96, 1, 1})};
    lower(g, CompileOptions{});
    place(g, CompileOptions{});
    for (const Node& step : g.nodes) {
        if (step.kind == NodeKind::TTNN && step.target == "reshape") {
            EXPECT_EQ(g.values[static_cast<size_t>(step.outputs[0])].form.layout, ttnn::Layout::ROW_MAJOR);
        }
    }
    EXPECT_LT(plan_memory(g, CompileOptions{}).peak_device_bytes, uint64_t{4} << 20);
}

TEST(PassMemoryPlan, ActivationPeakLeavesParametersOut) {
    // A parameter [64, 64] (4 tiles), its transpose (derived from it alone, 4 tiles) and an activation chain
    // of one-tile values: the activations' largest live set is the input and one product, two tiles.
    Graph g;
    const ValueId w = g.add_input({64, 64}, ScalarType::FLOAT32, /*is_param=*/true);
    const ValueId x = g.add_input({32, 64}, ScalarType::FLOAT32);
    const ValueId wt = node(g, "aten.t.default", {{"self", Ref{w}}}, {64, 64});
    const ValueId y = node(g, "aten.mm.default", {{"self", Ref{x}}, {"mat2", Ref{wt}}}, {32, 64});
    g.outputs = {node(g, "aten.relu.default", {{"self", Ref{y}}}, {32, 64})};
    lower(g, CompileOptions{});
    place(g, bf16_outputs());
    const MemoryPlan plan = plan_memory(g, CompileOptions{});
    const uint64_t tile = 32 * 32 * 2;
    EXPECT_EQ(plan.activation_peak_bytes, 4 * tile);  // x and y (two tiles each) alive at the relu
    EXPECT_GE(plan.live_peak_bytes, plan.activation_peak_bytes + 4 * tile);
}

TEST(PassPlace, Float32OutputIsComputedInFloat32) {
    // relu(x @ w) returned to torch in float32: relu reads the product in float32 and writes float32, and the
    // product before it stays bfloat16; with float32_outputs off, relu writes bfloat16.
    for (const bool on : {true, false}) {
        Graph g;
        const ValueId x = g.add_input({32, 64}, ScalarType::FLOAT32);
        const ValueId w = g.add_input({64, 64}, ScalarType::FLOAT32, /*is_param=*/true);
        const ValueId y = node(g, "aten.mm.default", {{"self", Ref{x}}, {"mat2", Ref{w}}}, {32, 64});
        g.outputs = {node(g, "aten.relu.default", {{"self", Ref{y}}}, {32, 64})};
        lower(g, CompileOptions{});
        place(g, on ? CompileOptions{} : bf16_outputs());
        verify(g, Stage::PLACED, "place");
        for (const Node& n : g.nodes) {
            const ttnn::DataType dtype =
                n.outputs.empty() ? ttnn::DataType::BFLOAT16 : g.values[static_cast<size_t>(n.outputs[0])].form.dtype;
            if (n.target == "relu") {
                EXPECT_EQ(dtype, on ? ttnn::DataType::FLOAT32 : ttnn::DataType::BFLOAT16);
            }
            if (n.target == "matmul") {
                EXPECT_EQ(dtype, ttnn::DataType::BFLOAT16);
            }
        }
    }
}

TEST(PassFuse, LeavesGraphsWithoutPatternsAlone) {
    Graph g = views();
    eliminate_dead_code(g);
    lower(g, CompileOptions{});
    const std::string before = to_string(g);
    EXPECT_TRUE(fuse(g).empty());
    EXPECT_EQ(to_string(g), before);
}

TEST(PassFuse, PermutePairCancels) {
    Graph g;
    const ValueId x = g.add_input({1, 2, 3, 4}, ScalarType::FLOAT32);
    const ValueId p =
        node(g, "aten.permute.default", {{"self", Ref{x}}, {"dims", std::vector<int64_t>{0, 2, 3, 1}}}, {1, 3, 4, 2});
    const ValueId r = node(g, "aten.relu.default", {{"self", Ref{p}}}, {1, 3, 4, 2});
    g.outputs = {
        node(g, "aten.permute.default", {{"self", Ref{r}}, {"dims", std::vector<int64_t>{0, 3, 1, 2}}}, {1, 2, 3, 4})};
    lower(g, CompileOptions{});
    ASSERT_EQ(g.nodes.size(), 3u);
    ASSERT_EQ(g.nodes[1].kind, NodeKind::TTNN) << "aten.relu.default did not lower to ttnn.relu";
    const auto counters = fuse(g);
    EXPECT_EQ(counters.at("permute_sink"), 1);
    EXPECT_EQ(counters.at("permute_pair"), 1);
    eliminate_dead_code(g);
    ASSERT_EQ(g.nodes.size(), 1u);
    EXPECT_EQ(g.nodes[0].target, "relu");
}

// A forward's saved output that is a permute (conv's NHWC result as torch's NCHW) stays on the device, and where
// the backward is told (device_outputs_raw) it is returned before the permute, which then dies.
TEST(PassSavedOrder, SavedPermuteIsReturnedRawWhereTheBackwardIsTold) {
    for (const bool raw : {false, true}) {
        Graph g;
        const ValueId x = g.add_input({1, 2, 3, 4}, ScalarType::FLOAT32);
        const ValueId r = node(g, "aten.relu.default", {{"self", Ref{x}}}, {1, 2, 3, 4});
        const ValueId p = node(
            g, "aten.permute.default", {{"self", Ref{r}}, {"dims", std::vector<int64_t>{0, 3, 1, 2}}}, {1, 4, 2, 3});
        g.outputs = {node(g, "aten.sum.default", {{"self", Ref{r}}}, {}), p};
        g.device_outputs = {1};
        g.device_outputs_raw = raw;
        lower(g, CompileOptions{});
        EXPECT_EQ(return_saved_before_permute(g), raw ? 1 : 0);
        eliminate_dead_code(g);
        place(g, CompileOptions{});
        verify(g, Stage::PLACED, "place");
        const Value& saved = g.values[static_cast<size_t>(g.outputs[1])];
        EXPECT_EQ(saved.place, Place::DEVICE);  // no from_device: the backward reads it there
        EXPECT_EQ(saved.shape, (raw ? std::vector<int64_t>{1, 2, 3, 4} : std::vector<int64_t>{1, 4, 2, 3}));
        EXPECT_EQ(g.output_permutes.size(), raw ? 1u : 0u);
        const bool permutes =
            std::any_of(g.nodes.begin(), g.nodes.end(), [](const Node& n) { return n.target == "permute"; });
        EXPECT_EQ(permutes, !raw);
        EXPECT_EQ(g.values[static_cast<size_t>(g.outputs[0])].place, Place::HOST);  // the user's output comes down
    }
}

// A backward's relu gradient between two NHWC ops: permute(threshold_backward(permute(g, to NCHW), y), to
// NHWC) with y the saved activation (NCHW). The gradient's two permutes go, y's NHWC copy is made once and
// shared with the other reader that wants it (conv's weight gradient).
TEST(PassFuse, PermuteThroughBinaryMovesThePermuteToTheOtherOperand) {
    Graph g;
    const ValueId grad = g.add_input({2, 5, 3, 4}, ScalarType::FLOAT32);  // NHWC
    const ValueId y = g.add_input({2, 4, 5, 3}, ScalarType::FLOAT32);     // NCHW
    const std::vector<int64_t> to_nchw{0, 3, 1, 2}, to_nhwc{0, 2, 3, 1};
    const ValueId y_nhwc = node(g, "aten.permute.default", {{"self", Ref{y}}, {"dims", to_nhwc}}, {2, 5, 3, 4});
    const ValueId g_nchw = node(g, "aten.permute.default", {{"self", Ref{grad}}, {"dims", to_nchw}}, {2, 4, 5, 3});
    const ValueId t = node(g,
                           "aten.threshold_backward.default",
                           {{"grad_output", Ref{g_nchw}}, {"self", Ref{y}}, {"threshold", 0.0}},
                           {2, 4, 5, 3});
    const ValueId t_nhwc = node(g, "aten.permute.default", {{"self", Ref{t}}, {"dims", to_nhwc}}, {2, 5, 3, 4});
    g.outputs = {t_nhwc, y_nhwc};
    lower(g, CompileOptions{});
    ASSERT_EQ(g.nodes.size(), 4u);
    ASSERT_EQ(g.nodes[2].target, "threshold_bw") << "aten.threshold_backward did not lower to ttnn.threshold_bw";
    EXPECT_EQ(fuse(g).at("permute_through_binary"), 1);
    eliminate_dead_code(g);
    verify(g, Stage::LOWERED, "fuse");
    ASSERT_EQ(g.nodes.size(), 2u);  // y's permute and the gradient, which reads grad and that permute
    EXPECT_EQ(g.nodes[1].target, "threshold_bw");
    const std::vector<ValueId> in = Node::refs_in(g.nodes[1].args);
    ASSERT_EQ(in.size(), 2u);
    EXPECT_EQ(in[0], grad);
    EXPECT_EQ(in[1], g.nodes[0].outputs[0]);
    EXPECT_EQ(g.outputs[0], g.nodes[1].outputs[0]);
    EXPECT_EQ(g.values[static_cast<size_t>(g.outputs[0])].shape, (std::vector<int64_t>{2, 5, 3, 4}));
}

// Without an earlier NHWC copy of the other operand the rule makes one: one permute for two.
TEST(PassFuse, PermuteThroughBinaryMakesTheOtherOperandsPermute) {
    Graph g;
    const ValueId a = g.add_input({2, 5, 3, 4}, ScalarType::FLOAT32);
    const ValueId b = g.add_input({2, 4, 5, 3}, ScalarType::FLOAT32);
    const ValueId a_nchw =
        node(g, "aten.permute.default", {{"self", Ref{a}}, {"dims", std::vector<int64_t>{0, 3, 1, 2}}}, {2, 4, 5, 3});
    const ValueId m = node(g, "aten.mul.Tensor", {{"self", Ref{b}}, {"other", Ref{a_nchw}}}, {2, 4, 5, 3});
    g.outputs = {
        node(g, "aten.permute.default", {{"self", Ref{m}}, {"dims", std::vector<int64_t>{0, 2, 3, 1}}}, {2, 5, 3, 4})};
    lower(g, CompileOptions{});
    ASSERT_EQ(g.nodes.size(), 3u);
    EXPECT_EQ(fuse(g).at("permute_through_binary"), 1);
    eliminate_dead_code(g);
    verify(g, Stage::LOWERED, "fuse");
    ASSERT_EQ(g.nodes.size(), 2u);
    EXPECT_EQ(g.nodes[0].target, "permute");
    EXPECT_EQ(g.nodes[1].target, "mul");
    const std::vector<ValueId> in = Node::refs_in(g.nodes[1].args);
    ASSERT_EQ(in.size(), 2u);
    EXPECT_EQ(in[0], g.nodes[0].outputs[0]);  // b in NHWC, still the first operand
    EXPECT_EQ(in[1], a);
}

// LlamaRMSNorm as aten writes it: w * (x * rsqrt(mean(x^2, -1, keepdim) + eps)) fuses into one rms_norm, and
// the graph still verifies after the fusion.
TEST(PassFuse, HandWrittenRmsNormIsOneOp) {
    Graph g;
    const ValueId x = g.add_input({2, 8}, ScalarType::FLOAT32);
    const ValueId w = g.add_input({8}, ScalarType::FLOAT32, true);
    const ValueId sq = node(g, "aten.pow.Tensor_Scalar", {{"self", Ref{x}}, {"exponent", int64_t{2}}}, {2, 8});
    const ValueId ms =
        node(g, "aten.mean.dim", {{"self", Ref{sq}}, {"dim", std::vector<int64_t>{-1}}, {"keepdim", true}}, {2, 1});
    const ValueId eps = node(g, "aten.add.Tensor", {{"self", Ref{ms}}, {"other", 1e-6}, {"alpha", int64_t{1}}}, {2, 1});
    const ValueId r = node(g, "aten.rsqrt.default", {{"self", Ref{eps}}}, {2, 1});
    const ValueId n = node(g, "aten.mul.Tensor", {{"self", Ref{x}}, {"other", Ref{r}}}, {2, 8});
    g.outputs = {node(g, "aten.mul.Tensor", {{"self", Ref{w}}, {"other", Ref{n}}}, {2, 8})};
    lower(g, CompileOptions{});
    ASSERT_EQ(g.nodes.size(), 6u);
    ASSERT_EQ(g.nodes.back().kind, NodeKind::TTNN) << "aten.mul.Tensor did not lower to ttnn.mul";
    EXPECT_EQ(fuse(g).at("rms_norm"), 1);
    verify(g, Stage::LOWERED, "fuse");
    ASSERT_EQ(g.nodes.size(), 1u);
    EXPECT_EQ(g.nodes[0].target, "rms_norm");
    EXPECT_EQ(g.nodes[0].find("weight")->ref().id, w);
}

TEST(Pipeline, CompilesAndRunsOnTheDevice) {
    auto device = ttnn::Device::open();
    Graph g = views();
    CompileOptions options;
    options.device = device;
    options.compute_dtype = ttnn::DataType::FLOAT32;
    options.verify = true;
    CompiledGraph compiled = compile(std::move(g), options, true);
    EXPECT_EQ(compiled.report.placement.to_device, 1);
    EXPECT_EQ(compiled.report.placement.from_device, 1);
    ttnn::Tensor x = ttnn::allocate_host_tensor(ttnn::Shape{2, 3}, ttnn::DataType::FLOAT32);
    for (int i = 0; i < 6; ++i)
        x.data<float>()[i] = static_cast<float>(i) + 0.5f;
    ParamCache cache;
    RunStats stats;
    auto no_host = [](int32_t, const std::vector<ttnn::Tensor>&) -> std::vector<ttnn::Tensor> {
        ADD_FAILURE() << "no node runs on the host";
        return {};
    };
    const std::vector<ttnn::Tensor> outs = compiled.program.run({{x, 0, 0}}, no_host, cache, stats);
    ASSERT_EQ(outs.size(), 1u);
    EXPECT_EQ(outs[0].logical_shape(), (ttnn::Shape{3, 2}));
    for (int i = 0; i < 6; ++i)
        EXPECT_EQ(outs[0].data<float>()[i], static_cast<float>(i) + 0.5f);
    EXPECT_EQ(stats.uploads, 1u);
    EXPECT_EQ(stats.downloads, 1u);
    EXPECT_EQ(device->allocator().bytes_in_use(ttnn::BufferType::DRAM), 0u);
}

TEST(Pipeline, VerifierNamesThePassThatBrokeTheGraph) {
    Graph g = views();
    std::swap(g.nodes[0], g.nodes[2]);  // a clone reads a view defined after it
    CompileOptions options;
    options.device = ttnn::Device::open();
    options.verify = true;
    try {
        compile(std::move(g), options, false);
        FAIL() << "expected the verifier to reject the graph";
    } catch (const ttnn::Error& e) {
        EXPECT_NE(std::string(e.what()).find("verifier after frontend: "), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("before it is defined"), std::string::npos) << e.what();
    }
}

TEST(Pipeline, DebugBuildsVerifyByDefault) {
#ifdef NDEBUG
    EXPECT_FALSE(CompileOptions{}.verify);
#else
    EXPECT_TRUE(CompileOptions{}.verify);
#endif
}

TEST(Runtime, ParametersAreCachedUntilTheirVersionChanges) {
    auto device = ttnn::Device::open();
    Graph g;
    const ValueId w = g.add_input({4}, ScalarType::FLOAT32, true);
    g.outputs = {node(g, "aten.clone.default", {{"self", Ref{w}}}, {4})};
    CompileOptions options;
    options.device = device;
    CompiledGraph compiled = compile(std::move(g), options, false);
    ttnn::Tensor t = ttnn::allocate_host_tensor(ttnn::Shape{4}, ttnn::DataType::FLOAT32);
    ParamCache cache;
    RunStats stats;
    auto host = [](int32_t, const std::vector<ttnn::Tensor>&) { return std::vector<ttnn::Tensor>{}; };
    for (int64_t version : {1, 1, 1, 2})
        compiled.program.run({{t, 42, version}}, host, cache, stats);
    // The clone depends on the parameter alone: computed on calls 1 and 4 (new version), kept for 2 and 3.
    // Only the clone reads the upload, so the upload runs with it and is not kept (no cache hits either).
    EXPECT_EQ(stats.param_uploads, 2u);
    EXPECT_EQ(stats.param_hits, 0u);
    EXPECT_EQ(stats.uploads, 0u);
    EXPECT_EQ(stats.derived_hits, 2u);
    EXPECT_EQ(cache.size(), 0u);
    cache.clear();
    EXPECT_GT(device->allocator().bytes_in_use(ttnn::BufferType::DRAM), 0u);  // the kept clone
    compiled.program.clear_derived();
    EXPECT_EQ(device->allocator().bytes_in_use(ttnn::BufferType::DRAM), 0u);
}

}  // namespace
}  // namespace torch_ttnn
