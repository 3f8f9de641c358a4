#include "compiler/passes/pipeline.hpp"

#include <chrono>
#include <type_traits>

#include "compiler/ir/printer.hpp"
#include "compiler/ir/verifier.hpp"

namespace torch_ttnn {
namespace {

class Stages {
public:
    Stages(Graph& g, const CompileOptions& o, bool keep, CompileReport& r) : g_(g), o_(o), keep_(keep), r_(r) {}

    template <typename Pass>
    void run(const char* name, Stage stage, Pass&& pass) {
        timed(name, pass);
        if (o_.verify)
            timed("verify", [&] { verify(g_, stage, name); });
        if (keep_) {
            r_.dumps.emplace_back(name, to_string(g_));
            r_.dots.emplace_back(name, to_dot(g_, name));
        }
    }

    // Runs `work`, adding its time to the report under `name` (the verifier runs after every stage: one sum).
    template <typename Work>
    auto timed(const char* name, Work&& work) {
        const auto start = std::chrono::steady_clock::now();
        if constexpr (std::is_void_v<decltype(work())>) {
            work();
            add_time(name, start);
        } else {
            auto result = work();
            add_time(name, start);
            return result;
        }
    }

private:
    void add_time(const char* name, std::chrono::steady_clock::time_point start) {
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        for (auto& [stage, total] : r_.stage_ms) {
            if (stage == name) {
                total += ms;
                return;
            }
        }
        r_.stage_ms.emplace_back(name, ms);
    }

    Graph& g_;
    const CompileOptions& o_;
    bool keep_;
    CompileReport& r_;
};

std::map<std::string, int> count_ttnn_ops(const Graph& graph) {
    std::map<std::string, int> counts;
    for (const Node& n : graph.nodes) {
        if (n.kind == NodeKind::TTNN)
            ++counts[n.target];
    }
    return counts;
}

}  // namespace

CompiledGraph compile(Graph graph, const CompileOptions& options, bool keep_dumps) {
    CompileReport report;
    Stages stages(graph, options, keep_dumps, report);
    stages.run("frontend", Stage::FRONTEND, [] {});
    stages.run("dce", Stage::FRONTEND, [&] {
        drop_empty_operands(graph);
        integer_counts(graph);
        eliminate_dead_code(graph);
    });
    stages.run("lower", Stage::LOWERED, [&] { report.lowering = lower(graph, options); });
    stages.run("fuse", Stage::LOWERED, [&] {
        report.fusions = fuse(graph);
        split_small_vectors(graph, options);
        return_saved_before_permute(graph);
        // Fused ops replace the ones lowering emitted.
        report.lowering.ttnn_ops = count_ttnn_ops(graph);
    });
    stages.run("place", Stage::PLACED, [&] { report.placement = place(graph, options); });
    stages.run("fold_constants", Stage::PLACED, [&] {
        report.folded = fold_constants(graph, options);
        share_equal_constants(graph);
        scalar_uniform_constants(graph);
        eliminate_dead_code(graph);
        drop_unread_constants(graph);
    });
    report.program_ops = count_ttnn_ops(graph);  // what runs: constant folding took the creation ops
    const MemoryPlan plan = stages.timed("plan_memory", [&] { return plan_memory(graph, options); });
    report.peak_device_bytes = plan.peak_device_bytes;
    report.live_peak_bytes = plan.live_peak_bytes;
    report.activation_peak_bytes = plan.activation_peak_bytes;
    report.output_permutes = graph.output_permutes;
    Program program = stages.timed("emit", [&] { return Program::emit(graph, plan, options); });
    return {std::move(program), std::move(report)};
}

}  // namespace torch_ttnn
