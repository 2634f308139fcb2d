using System.Text.Json.Nodes;
using Cais.Events;
using Cais.TestSupport;

namespace Cais.Core.Tests.Events;

public sealed class EventJournalTests : IDisposable
{
    private static readonly DateTimeOffset s_start = new(2026, 12, 5, 7, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _dir = new("events");

    public void Dispose() => _dir.Dispose();

    private string JournalDir => _dir.Combine("events");

    private static EngineEvent At(int second, string action = EventActions.Start, string id = "c0ffee", int padding = 0) =>
        EngineEvent.Now(EventTypes.Container, action, id,
            new Dictionary<string, string> { ["name"] = "web", ["image"] = "busybox", ["pad"] = new string('x', padding) },
            new FixedClock(s_start.AddSeconds(second)));

    [Fact]
    public async Task An_event_is_one_json_line_with_dockers_field_names()
    {
        var journal = new EventJournal(JournalDir);

        journal.Append(At(1));

        var line = Assert.Single(await File.ReadAllLinesAsync(journal.CurrentPath));
        var json = JsonNode.Parse(line)!.AsObject();
        Assert.Equal(["Type", "Action", "Actor", "scope", "time", "timeNano"], json.Select(p => p.Key));
        Assert.Equal("container", json["Type"]!.GetValue<string>());
        Assert.Equal("start", json["Action"]!.GetValue<string>());
        Assert.Equal("c0ffee", json["Actor"]!["ID"]!.GetValue<string>());
        Assert.Equal("web", json["Actor"]!["Attributes"]!["name"]!.GetValue<string>());
        Assert.Equal("local", json["scope"]!.GetValue<string>());
        Assert.Equal(s_start.AddSeconds(1).ToUnixTimeSeconds(), json["time"]!.GetValue<long>());
        Assert.Equal(s_start.AddSeconds(1).ToUnixTimeSeconds() * 1_000_000_000, json["timeNano"]!.GetValue<long>());
    }

    [Fact]
    public async Task Concurrent_writers_never_interleave_or_lose_an_event()
    {
        const int writers = 6;
        const int perWriter = 300;

        // Each writer has its own journal object, as separate processes would; 3 kB records span several pages.
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(() =>
        {
            var journal = new EventJournal(JournalDir, maxBytes: long.MaxValue);
            for (var i = 0; i < perWriter; i++)
            {
                journal.Append(At(i, id: $"writer{w}", padding: 3000));
            }
        })));

        var lines = await File.ReadAllLinesAsync(Path.Combine(JournalDir, EventJournal.CurrentFileName));
        Assert.Equal(writers * perWriter, lines.Length);
        var events = await new EventJournalReader(JournalDir).ReadAsync(null, null, CancellationToken.None);
        Assert.Equal(writers * perWriter, events.Count);
        foreach (var writer in events.GroupBy(e => e.Actor.Id))
        {
            // Each writer's events are whole and in the order it wrote them.
            Assert.Equal(Enumerable.Range(0, perWriter).Select(i => s_start.AddSeconds(i).ToUnixTimeSeconds()), writer.Select(e => e.Time));
        }
    }

    [Fact]
    public async Task Past_its_size_the_journal_rotates_and_keeps_the_latest_events_in_order()
    {
        var journal = new EventJournal(JournalDir, maxBytes: 4096);
        for (var i = 0; i < 200; i++)
        {
            journal.Append(At(i));
        }

        Assert.True(File.Exists(journal.PreviousPath));
        Assert.True(new FileInfo(journal.CurrentPath).Length <= 4096);
        Assert.True(new FileInfo(journal.PreviousPath).Length <= 4096 + 512);
        var seconds = (await new EventJournalReader(JournalDir).ReadAsync(null, null, CancellationToken.None))
            .Select(e => (int)(e.Time - s_start.ToUnixTimeSeconds())).ToList();
        Assert.Equal(199, seconds[^1]);
        Assert.Equal(Enumerable.Range(seconds[0], seconds.Count), seconds);
        Assert.True(seconds.Count >= 4096 / 250);
    }

    [Fact]
    public async Task Since_and_until_bound_the_events_inclusively()
    {
        var journal = new EventJournal(JournalDir);
        for (var i = 0; i < 10; i++)
        {
            journal.Append(At(i));
        }

        var window = await new EventJournalReader(JournalDir).ReadAsync(Nanos(3), Nanos(6), CancellationToken.None);

        Assert.Equal([3, 4, 5, 6], window.Select(e => (int)(e.Time - s_start.ToUnixTimeSeconds())));
        Assert.Empty(await new EventJournalReader(_dir.Combine("none")).ReadAsync(null, null, CancellationToken.None));
    }

    [Fact]
    public async Task Follow_yields_recorded_then_new_events_across_a_rotation()
    {
        var journal = new EventJournal(JournalDir, maxBytes: 2048);
        journal.Append(At(0, EventActions.Create));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var reader = new EventJournalReader(JournalDir);
        var received = new List<EngineEvent>();
        var follow = Task.Run(async () =>
        {
            await foreach (var e in reader.FollowAsync(Nanos(0), null, TimeSpan.FromMilliseconds(10), timeout.Token))
            {
                received.Add(e);
                if (received.Count == 30)
                {
                    return;
                }
            }
        });

        // Another writer (another process, in real use) appends while the reader follows; 2 kB rotates every 8 events.
        var writer = new EventJournal(JournalDir, maxBytes: 2048);
        for (var i = 1; i < 30; i++)
        {
            writer.Append(At(i));
            await Task.Delay(10);
        }

        await follow.WaitAsync(timeout.Token);
        Assert.Equal(Enumerable.Range(0, 30), received.Select(e => (int)(e.Time - s_start.ToUnixTimeSeconds())));
        Assert.Equal(EventActions.Create, received[0].Action);
    }

    [Fact]
    public async Task Follow_ends_once_until_has_passed()
    {
        var journal = new EventJournal(JournalDir);
        for (var i = 0; i < 5; i++)
        {
            journal.Append(At(i));
        }

        var reader = new EventJournalReader(JournalDir, new FixedClock(s_start.AddSeconds(60)));
        var received = new List<EngineEvent>();
        await foreach (var e in reader.FollowAsync(null, Nanos(2), TimeSpan.FromMilliseconds(10), CancellationToken.None))
        {
            received.Add(e);
        }

        Assert.Equal(3, received.Count);
    }

    [Fact]
    public void A_journal_it_cannot_write_does_not_fail_the_operation()
    {
        File.WriteAllText(_dir.Combine("file"), "");
        var journal = new EventJournal(_dir.Combine("file", "events"));

        journal.Record(At(1));
    }

    private static long Nanos(int second) => EngineEvent.ToUnixNanos(s_start.AddSeconds(second));

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
