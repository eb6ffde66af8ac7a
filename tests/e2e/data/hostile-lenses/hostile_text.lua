-- hostile_text.lua: findings whose text tries to drive the terminal (run_cli.sh
-- t_hostile_lens): escape sequences, CR, a C1 control and a formula.
return {
  name = "hostile_text",
  title = {en = "Hostile \27]0;title\7text", nb = "Fiendtlig \27[2Jtekst"},
  description = {en = "Findings with control characters.", nb = "Funn med kontrolltegn."},
  run = function(net, params)
    local findings = {
      finding{level = "network", label = "\27[31mred\27[0m", scores = {n = 1},
              evidence = {en = "line one\rsamnett 9.9 - faked\nsecond \194\133 line",
                          nb = "linje \27]0;x\7 en"}},
    }
    for node in net:nodes() do
      local id = node.id
      findings[#findings + 1] = finding{level = "actor", scope = id, label = "=cmd|x",
                                        scores = {n = 2},
                                        evidence = {en = "actor \27[2J" .. id, nb = "akt\195\184r " .. id}}
    end
    return findings
  end,
}
