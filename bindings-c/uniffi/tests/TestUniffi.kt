// Tests the uniffi-generated Kotlin binding. No JUnit here (no Maven Central): a small
// assertion harness that prints "N passed, N failed". Run by bindings-c/test.sh:
//   kotlinc noticegate_uniffi.kt TestUniffi.kt -cp jna.jar -d out
//   java -cp out:jna.jar:<kotlin-stdlib> -Djna.library.path=<dir of libnoticegate_uniffi.so> TestUniffiKt POLICY_DIR
import org.noticegate.*
import java.io.File
import kotlin.concurrent.thread

var passed = 0
var failed = 0

fun test(name: String, body: () -> Unit) {
    try {
        body()
        passed++
    } catch (e: Throwable) {
        failed++
        println("FAIL $name: $e")
    }
}

fun check(ok: Boolean, what: String) {
    if (!ok) throw AssertionError(what)
}

inline fun <reified E : Throwable> throws(body: () -> Unit): E {
    try {
        body()
    } catch (e: Throwable) {
        if (e is E) return e
        throw AssertionError("expected ${E::class.simpleName}, got $e")
    }
    throw AssertionError("expected ${E::class.simpleName}, nothing thrown")
}

const val SHARE_JSON = """{"ask":"share","service":"Community Directory","category":"Email address","recipient":"PCG UK","as_of":"2026-11-23","facts":{"consent":"given","data_processing_agreement":true}}"""

// Yes/no facts as Bool, enum (and date) facts as Text, e.g. "consent" to "given".
fun factValue(v: Any): FactValue = when (v) {
    is Boolean -> FactValue.Bool(v)
    is String -> FactValue.Text(v)
    is Number -> FactValue.Number(v.toDouble())
    else -> throw IllegalArgumentException("no FactValue for $v")
}

fun share(vararg facts: Pair<String, Any>) = Question(
    ask = "share", service = "Community Directory", category = "Email address", recipient = "PCG UK",
    asOf = "2026-11-23", facts = facts.associate { (k, v) -> k to factValue(v) },
)

fun main(args: Array<String>) {
    val policies = File(args[0])
    val engine = Engine.builtin()

    test("version and hash") {
        check(version() == "0.1.0", version())
        check(engine.policyHash().startsWith("sha256:"), engine.policyHash())
    }
    test("ask_json") {
        val line = engine.askJson(SHARE_JSON)
        check(line.contains("\"verdict\":\"permit\""), line)
        check(engine.askJson("not json").contains("\"error\""), "error line")
    }
    test("decide permit, with the notice's quote") {
        val d = engine.decide(share("consent" to "given", "data_processing_agreement" to true))
        check(d.verdict == Verdict.PERMIT, d.toString())
        check(d.reasons.isNotEmpty() && d.reasons[0].quote.isNotEmpty(), d.reasons.toString())
        check(d.reasons[0].notice.endsWith(".txt"), d.reasons[0].notice)
        check(d.obligations.isEmpty(), d.obligations.toString())
        check(d.policyHash == engine.policyHash(), d.policyHash)
    }
    test("decide conditional lists obligations") {
        val d = engine.decide(share("consent" to "given"))
        check(d.verdict == Verdict.CONDITIONAL, d.verdict.toString())
        check(d.obligations.map { it.fact } == listOf("data_processing_agreement"), d.obligations.toString())
        for (value in listOf("withdrawn", "not_given")) {
            val no = engine.decide(share("consent" to value, "data_processing_agreement" to true))
            check(no.verdict == Verdict.NOT_STATED, "$value: ${no.verdict}")
        }
        val unknown = engine.decide(share("data_processing_agreement" to true))
        check(unknown.obligations.map { it.fact to it.expectJson } == listOf("consent" to "[\"given\",\"explicit\"]"), unknown.obligations.toString())
    }
    test("defaults: ask and names only") {
        val d = engine.decide(Question(ask = "collect", service = "Community Directory", category = "Name"))
        check(d.verdict == Verdict.PERMIT || d.verdict == Verdict.CONDITIONAL, d.verdict.toString())
    }
    test("unknown name is NoticegateException.Question with suggestions") {
        val e = throws<NoticegateException.Question> {
            engine.decide(share().copy(category = "Emial adress"))
        }
        check(e.code == "unknown_name", e.code)
        check(e.field == "category", e.field.toString())
        check(e.detail.contains("Emial adress"), e.detail)
        check(e.message!!.contains("Emial adress"), e.message!!)
        check(e.suggestions.isNotEmpty(), "suggestions")
    }
    test("bad kind, date, fact type") {
        check(throws<NoticegateException.Question> { engine.decide(Question(ask = "sell", service = "x")) }.field == "ask", "ask")
        check(throws<NoticegateException.Question> { engine.decide(share().copy(asOf = "2026-02-30")) }.field == "as_of", "as_of")
        val e = throws<NoticegateException.Question> {
            engine.decide(share().copy(facts = mapOf("consent" to FactValue.Number(3.0))))
        }
        check(e.field == "facts.consent", e.field.toString())
    }
    test("classify") {
        val c = engine.classify("dateOfBirth")
        check(c.category != null && c.matchedWords.isNotEmpty(), c.toString())
        check(engine.classify("zzqx").category == null, "unclassified")
    }
    test("load from texts") {
        val files = policies.walkTopDown().filter { it.isFile }.map { it.relativeTo(policies).invariantSeparatorsPath to it }
            .filter { (rel, _) -> rel.endsWith(".toml") || (rel.startsWith("sources/") && rel.endsWith(".txt")) }
            .sortedBy { it.first }.map { (rel, f) -> PolicyFile(rel, f.readText()) }.toList()
        Engine.fromTexts(files).use { loaded -> check(loaded.askJson(SHARE_JSON) == engine.askJson(SHARE_JSON), "loaded = built-in") }
        val e = throws<NoticegateException.Policy> {
            Engine.fromTexts(listOf(PolicyFile("inline.toml", "[[category]]\nid = \"x\"\nlabel = \"X")))
        }
        check(e.detail.contains("inline.toml:"), e.detail)
        check(throws<NoticegateException.Policy> { Engine.fromTexts(listOf()) }.detail.contains("no policy files"), "empty")
    }
    test("threads share one engine") {
        var bad = 0
        val lock = Any()
        val q = share("consent" to "given", "data_processing_agreement" to true)
        (1..8).map {
            thread {
                repeat(200) {
                    if (engine.decide(q).verdict != Verdict.PERMIT) synchronized(lock) { bad++ }
                }
            }
        }.forEach { it.join() }
        check(bad == 0, "$bad wrong answers")
    }
    test("closed engine refuses calls") {
        val e = Engine.builtin()
        e.close()
        throws<IllegalStateException> { e.policyHash() }
    }
    engine.close()
    println("$passed passed, $failed failed")
    if (failed > 0) kotlin.system.exitProcess(1)
}
