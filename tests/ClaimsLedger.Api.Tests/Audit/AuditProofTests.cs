using System.Diagnostics;
using System.Text.Json.Nodes;
using ClaimsLedger.Api.Audit;
using ClaimsLedger.Api.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace ClaimsLedger.Api.Tests.Audit;

/// <summary>A proof served by the API, checked offline by tools/verify-proof.py run as a separate process.</summary>
public sealed class AuditProofTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task a_proof_checks_out_offline_with_the_script_and_fails_once_anything_in_it_is_changed()
    {
        await Fixture.SeedAsync();
        await Api.RequestCheckpointAsync();
        await Fixture.WaitForProjectionsAsync();
        var key = (await Api.CheckpointsAsync()).PublicKey;

        var reply = await Api.Get("/api/audit/events/5/proof");

        reply.Code.ShouldBe(200, reply.Body);
        var proof = reply.As<EventProof>();
        proof.Canonical.ShouldStartWith("claimsledger.event.v1\nseq:5\n");
        proof.Links[0].Sequence.ShouldBe(5);
        proof.Links[^1].Sequence.ShouldBe(proof.Checkpoint.Sequence);
        var ok = await VerifyProofAsync(reply.Body, "--public-key", key);
        ok.Code.ShouldBe(0, ok.Output);
        ok.Output.ShouldContain("OK: event 5 ");
        var pure = await VerifyProofAsync(reply.Body, "--public-key", key, "--pure");
        pure.Code.ShouldBe(0, pure.Output);

        (await VerifyProofAsync(Changed(reply.Body, p => p["canonical"] = proof.Canonical.Replace("seed-loader", "seed-loadex")), "--public-key", key))
            .Code.ShouldBe(1);
        (await VerifyProofAsync(Changed(reply.Body, p => p["links"]![1]!["eventDigest"] = new string('0', 64)), "--public-key", key)).Code.ShouldBe(1);
        (await VerifyProofAsync(Changed(reply.Body, p => p["checkpoint"]!["time"] = "2030-01-01T00:00:00.000000Z"), "--public-key", key)).Code.ShouldBe(1);
        var otherKey = SigningKeys.PublicKey(SigningKeys.Generate());
        var wrongKey = await VerifyProofAsync(reply.Body, "--public-key", otherKey);
        wrongKey.Code.ShouldBe(1);
        wrongKey.Output.ShouldContain("not by the key you trust");
    }

    [Fact]
    public async Task a_proof_is_a_404_for_an_event_not_in_the_chain_and_a_409_until_a_checkpoint_seals_it()
    {
        await Fixture.SeedAsync();
        await Fixture.WaitForProjectionsAsync();

        (await Api.Get("/api/audit/events/5/proof")).ShouldBeProblem(409);
        (await Api.Get("/api/audit/events/999999/proof")).ShouldBeProblem(404, "sequence");

        await Api.RequestCheckpointAsync();
        await Fixture.WaitForProjectionsAsync();
        (await Api.Get("/api/audit/events/5/proof")).Code.ShouldBe(200);
    }

    [Fact]
    public async Task bad_input_to_the_audit_endpoints_is_a_problem_naming_the_field()
    {
        (await Api.Post("/api/audit/checkpoints", new { })).ShouldBeProblem(400, "reason");
        (await Api.Post("/api/audit/checkpoints", new { reason = new string('x', 2001) })).ShouldBeProblem(400, "reason");
        (await Api.Get("/api/audit/events/-1/proof")).ShouldBeProblem(404, "sequence");
        (await Api.Get("/api/audit/checkpoints?page=0")).ShouldBeProblem(400, "page");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999")]
    [InlineData("9223372036854775808")]
    [InlineData("%2B5")]
    public async Task a_sequence_that_is_no_whole_number_is_a_404_naming_it_like_any_sequence_not_in_the_chain(string sequence)
    {
        var reply = (await Api.Get($"/api/audit/events/{sequence}/proof")).ShouldBeProblem(404, "sequence");

        reply.As<HttpValidationProblemDetails>().Errors.Keys.ShouldBe(["sequence"]);
    }

    private static string Changed(string json, Action<JsonNode> change)
    {
        var node = JsonNode.Parse(json)!;
        change(node);
        return node.ToJsonString();
    }

    private static async Task<(int Code, string Output)> VerifyProofAsync(string proof, params string[] args)
    {
        var file = Path.Combine(Path.GetTempPath(), $"proof-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, proof);
        try
        {
            var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Script());
            start.ArgumentList.Add(file);
            foreach (var a in args) start.ArgumentList.Add(a);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout + await stderr);
        }
        finally { File.Delete(file); }
    }

    /// <summary>tools/verify-proof.py in the repository the tests were built from.</summary>
    private static string Script()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var script = Path.Combine(dir.FullName, "tools", "verify-proof.py");
            if (File.Exists(script)) return script;
        }
        throw new FileNotFoundException("tools/verify-proof.py not found above " + AppContext.BaseDirectory);
    }
}
