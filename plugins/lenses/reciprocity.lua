-- reciprocity.lua - do organisations answer each other? (likeverd: equality)
--
-- For every pair of groups (organisations by default) with contact between
-- them, compare the contacts each side started. The balance is the smaller
-- direction over the larger: 1 when both sides start as often, 0 when all
-- contact runs one way. A pair is "gjensidig" (mutual) when the balance
-- reaches the threshold, "ensidig" (one-sided) below it, and "uavklart"
-- (unresolved) with too few contacts to tell. The network is "gjensidig" when
-- at least half of the resolved pairs are.
--
-- The research brief links one-way contact to the equality concept: job
-- shadowing only from municipality to hospital, and "orders" rather than
-- dialogue. The thresholds are this lens's defaults, not the sources'.

local function pct(x)
  return string.format("%.0f%%", 100 * x)
end

-- bokmål writes a decimal comma
local function nb(s)
  return (s:gsub("(%d)%.(%d)", "%1,%2"))
end

local function pair_finding(p, params)
  local scope = p.a .. " <-> " .. p.b
  local total = p.ab + p.ba
  local scores = {contacts_ab = p.ab, contacts_ba = p.ba, contacts = total}
  if total < params.min_contacts then
    return finding{
      level = "group", scope = scope, label = "uavklart", scores = scores,
      evidence = {
        en = string.format("Only %d contacts between %s and %s; at least %d are needed to "
                           .. "judge reciprocity.", total, p.a, p.b, params.min_contacts),
        nb = string.format("Bare %d kontakter mellom %s og %s; det trengs minst %d for å "
                           .. "vurdere gjensidighet.", total, p.a, p.b, params.min_contacts),
      },
    }
  end
  local balance = math.min(p.ab, p.ba) / math.max(p.ab, p.ba)
  scores.balance = balance
  local mutual = balance >= params.threshold
  local first, second = p.a, p.b
  if p.ba > p.ab then first, second = p.b, p.a end
  local en = string.format("%s started %d contacts with %s and %s started %d: balance %.2f "
                           .. "(%s %.2f)", p.a, p.ab, p.b, p.b, p.ba, balance,
                           mutual and ">=" or "<", params.threshold)
  local no = string.format("%s tok %d kontakter med %s og %s tok %d: balanse %.2f (%s %.2f)",
                           p.a, p.ab, p.b, p.b, p.ba, balance, mutual and ">=" or "<",
                           params.threshold)
  if mutual then
    en = en .. "; both sides start contact."
    no = no .. "; begge sider tar kontakt."
  else
    en = en .. string.format("; contact runs mostly from %s to %s.", first, second)
    no = no .. string.format("; kontakten går mest fra %s til %s.", first, second)
  end
  return finding{
    level = "group", scope = scope, label = mutual and "gjensidig" or "ensidig",
    scores = scores, evidence = {en = en, nb = nb(no)},
  }
end

return {
  name = "reciprocity",
  title = {
    en = "Reciprocity between organisations",
    nb = "Gjensidighet mellom organisasjoner",
  },
  description = {
    en = "Whether each pair of organisations starts contact with the other about as often "
         .. "as the other way round (equality, likeverd).",
    nb = "Om hvert par av organisasjoner tar kontakt med hverandre omtrent like ofte begge "
         .. "veier (likeverd).",
  },
  params = {
    by = {type = "string", default = "organisation",
          doc = "the actor attribute that makes the groups (organisation, unit, type, ...)"},
    min_contacts = {type = "integer", default = 10, min = 1,
                    doc = "a pair with fewer contacts in both directions together is uavklart"},
    threshold = {type = "number", default = 0.5, min = 0, max = 1,
                 doc = "the balance (smaller direction / larger) at which a pair is gjensidig"},
  },

  run = function(net, params)
    local group = net:partition(params.by).of
    local pairs_by_key, list = {}, {}
    for tie in net:ties{details = false} do
      local g, h = group[tie.from], group[tie.to]
      if g and h and g ~= "" and h ~= "" and g ~= h then
        local a, b = g, h
        if b < a then a, b = b, a end
        local key = a .. "\0" .. b
        local p = pairs_by_key[key]
        if not p then
          p = {a = a, b = b, ab = 0, ba = 0}
          pairs_by_key[key] = p
          list[#list + 1] = p
        end
        if g == a then p.ab = p.ab + tie.contacts else p.ba = p.ba + tie.contacts end
      end
    end
    local findings, counts = {}, {gjensidig = 0, ensidig = 0, uavklart = 0}
    for _, p in ipairs(list) do
      local f = pair_finding(p, params)
      counts[f.label] = counts[f.label] + 1
      findings[#findings + 1] = f
    end
    -- the most one-sided pairs first, then the mutual ones, then the unresolved;
    -- within a label, more contacts first
    local rank = {ensidig = 1, gjensidig = 2, uavklart = 3}
    table.sort(findings, function(x, y)
      if x.label ~= y.label then return rank[x.label] < rank[y.label] end
      if x.label == "ensidig" and x.scores.balance ~= y.scores.balance then
        return x.scores.balance < y.scores.balance
      end
      if x.scores.contacts ~= y.scores.contacts then
        return x.scores.contacts > y.scores.contacts
      end
      return x.scope < y.scope
    end)

    local resolved = counts.gjensidig + counts.ensidig
    local share = resolved > 0 and counts.gjensidig / resolved or 0
    local scores = {pairs = #list, mutual = counts.gjensidig, one_sided = counts.ensidig,
                    unresolved = counts.uavklart, mutual_share = share}
    local label, en, no
    if resolved == 0 then
      label = "uavklart"
      en = string.format("None of the %d %s pairs with contact has %d or more contacts; "
                         .. "reciprocity cannot be judged.", #list, params.by,
                         params.min_contacts)
      no = string.format("Ingen av de %d parene (%s) med kontakt har %d kontakter eller "
                         .. "flere; gjensidighet kan ikke vurderes.", #list, params.by,
                         params.min_contacts)
    else
      label = share >= 0.5 and "gjensidig" or "ensidig"
      en = string.format("%d of %d %s pairs with enough contact are mutual (%s); %d are "
                         .. "one-sided and %d unresolved.", counts.gjensidig, resolved,
                         params.by, pct(share), counts.ensidig, counts.uavklart)
      no = string.format("%d av %d par (%s) med nok kontakt er gjensidige (%s); %d er "
                         .. "ensidige og %d uavklarte.", counts.gjensidig, resolved, params.by,
                         pct(share), counts.ensidig, counts.uavklart)
    end
    table.insert(findings, 1, finding{
      level = "network", label = label, scores = scores, evidence = {en = en, nb = nb(no)},
    })
    return findings
  end,
}
