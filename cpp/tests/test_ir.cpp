// IR tests: the printer's text form, and the verifier's checks (each a graph that must be rejected).
// How to add a case: build the graph with the helpers below, then compare to_string() with the expected text
// or expect verify() to throw with the message fragment.
#include <gtest/gtest.h>

#include "compiler/ir/printer.hpp"
#include "compiler/ir/verifier.hpp"
#include "ttnn/error.hpp"

namespace torch_ttnn {
namespace {

ValueId add_out(Graph& g, Node& n, std::vector<int64_t> shape, ScalarType dtype = ScalarType::FLOAT32) {
    Value v;
    v.shape = std::move(shape);
    v.dtype = dtype;
    const ValueId id = g.add_value(std::move(v));
    n.outputs.push_back(id);
    return id;
}

Node aten(std::string target, std::vector<NamedOperand> args) {
    Node n;
    n.target = std::move(target);
    n.args = std::move(args);
    return n;
}

// %0 -> t -> addmm(bias=%1, x=%2): the shape of a Linear layer after aot_autograd.
Graph linear_graph() {
    Graph g;
    const ValueId w = g.add_input({8, 4}, ScalarType::FLOAT32, true);
    const ValueId b = g.add_input({8}, ScalarType::FLOAT32, true);
    const ValueId x = g.add_input({3, 4}, ScalarType::FLOAT32);
    Node t = aten("aten.t.default", {{"self", Ref{w}}});
    const ValueId wt = add_out(g, t, {4, 8});
    g.add_node(std::move(t));
    Node mm =
        aten("aten.addmm.default",
             {{"self", Ref{b}}, {"mat1", Ref{x}}, {"mat2", Ref{wt}}, {"beta", int64_t{1}}, {"alpha", int64_t{1}}});
    const ValueId y = add_out(g, mm, {3, 8});
    g.add_node(std::move(mm));
    g.outputs = {y, -1};
    return g;
}

TEST(IrPrinter, PrintsOneNodePerLine) {
    EXPECT_EQ(to_string(linear_graph()),
              "graph(%0: f32[8, 4] param, %1: f32[8] param, %2: f32[3, 4]) {\n"
              "  %3: f32[4, 8] = aten aten.t.default(self=%0)\n"
              "  %4: f32[3, 8] = aten aten.addmm.default(self=%1, mat1=%2, mat2=%3, beta=1, alpha=1)\n"
              "  return (%4, None)\n"
              "}\n");
}

TEST(IrPrinter, PrintsOperandKinds) {
    EXPECT_EQ(to_string(Operand(RefList{Ref{1}, Ref{}})), "[%1, None]");
    EXPECT_EQ(to_string(Operand(ScalarType::INT64)), "torch.int64");
    EXPECT_EQ(to_string(Operand(std::vector<int64_t>{1, -1})), "[1, -1]");
    EXPECT_EQ(to_string(Operand(ttnn::DataType::BFLOAT16)), "ttnn.bfloat16");
    EXPECT_EQ(to_string(Operand(std::string("tanh"))), "\"tanh\"");
    EXPECT_EQ(to_string(Operand()), "None");
}

TEST(IrPrinter, DotNamesEveryNode) {
    const std::string dot = to_dot(linear_graph(), "g");
    EXPECT_NE(dot.find("aten.addmm.default"), std::string::npos);
    EXPECT_NE(dot.find("n0 -> n1"), std::string::npos);
}

TEST(IrVerifier, AcceptsFrontendGraph) {
    EXPECT_NO_THROW(verify(linear_graph(), Stage::FRONTEND, "test"));
}

void expect_rejected(const Graph& g, Stage stage, const std::string& fragment) {
    try {
        verify(g, stage, "test");
        FAIL() << "expected the verifier to reject the graph (" << fragment << ")";
    } catch (const ttnn::Error& e) {
        EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
}

TEST(IrVerifier, RejectsUseBeforeDefinition) {
    Graph g = linear_graph();
    std::swap(g.nodes[0], g.nodes[1]);
    expect_rejected(g, Stage::FRONTEND, "before it is defined");
}

TEST(IrVerifier, RejectsDoubleDefinition) {
    Graph g = linear_graph();
    g.nodes[1].outputs = g.nodes[0].outputs;
    expect_rejected(g, Stage::FRONTEND, "defined twice");
}

TEST(IrVerifier, RejectsUnknownValue) {
    Graph g = linear_graph();
    g.outputs = {42};
    expect_rejected(g, Stage::FRONTEND, "unknown value %42");
}

TEST(IrVerifier, RejectsAtenNodeAfterLowering) {
    expect_rejected(linear_graph(), Stage::LOWERED, "left unlowered");
}

TEST(IrVerifier, RejectsMissingTransfer) {
    Graph g = linear_graph();
    for (Node& n : g.nodes)
        n.kind = NodeKind::HOST;
    g.values[4].place = Place::DEVICE;  // a device value returned without a FROM_DEVICE
    expect_rejected(g, Stage::PLACED, "wrong side");
}

TEST(IrGraph, ReplaceUsesAndCounts) {
    Graph g = linear_graph();
    EXPECT_EQ(g.use_counts()[3], 1);
    g.replace_uses(3, 0);
    EXPECT_EQ(g.use_counts()[3], 0);
    EXPECT_EQ(g.use_counts()[0], 2);
    EXPECT_EQ(g.producers()[4], 1);
    EXPECT_EQ(g.producers()[0], -1);
}

TEST(IrScalarType, NamesRoundTrip) {
    EXPECT_EQ(scalar_type_from_name("bfloat16"), ScalarType::BFLOAT16);
    EXPECT_EQ(name(ScalarType::BOOL), "bool");
    EXPECT_TRUE(is_floating(ScalarType::FLOAT16));
    EXPECT_TRUE(is_integral(ScalarType::INT64));
    EXPECT_FALSE(is_integral(ScalarType::BOOL));
}

}  // namespace
}  // namespace torch_ttnn
