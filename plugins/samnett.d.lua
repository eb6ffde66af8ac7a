---@meta
-- samnett.d.lua - the lens API as LuaLS annotations, for completion and
-- checks in an editor (add this folder to "workspace.library"). The API is
-- described in plugins/README.md; this file is never run.

---@alias samnett.Level "actor"|"unit"|"organisation"
---@alias samnett.FindingLevel "network"|"group"|"actor"
---@alias samnett.Time integer|string Epoch seconds, or an ISO 8601 date or date-time.

---An actor from the actors file (or created from contacts, type "unknown").
---Attributes that are empty in the input are nil.
---@class samnett.Actor
---@field id string
---@field name? string
---@field type? string municipality, hospital_unit, gp, coordinator, nav, user, relative, other, ...
---@field organisation? string
---@field unit? string
---@field rank? string top, middle or frontline
---@field profession? string
---@field attributes table<string, string> the extra columns of the actors file
---@field auto_created boolean created because a contact named it
---@field node string the id of its node at the analysis level

---Gould-Fernandez brokerage roles over the first partition.
---@class samnett.Roles
---@field coordinator number A -> A -> A
---@field itinerant number A -> B -> A
---@field representative number A -> A -> B
---@field gatekeeper number A -> B -> B
---@field liaison number A -> B -> C
---@field total number

---A node at the analysis level with the measures already computed. A
---measure that is undefined for the node (NaN) is nil.
---@class samnett.Node
---@field id string actor id, "Organisation / Unit" or the organisation
---@field size integer actors in the node
---@field name? string actor level only
---@field type? string actor level only
---@field organisation? string
---@field unit? string actor and unit levels
---@field rank? string actor level only
---@field profession? string actor level only
---@field group? string its group in the first partition (organisation by default)
---@field degree_in integer
---@field degree_out integer
---@field strength_in number
---@field strength_out number
---@field betweenness number directed, raw
---@field closeness? number out-distances over reachable nodes
---@field harmonic number
---@field reachable integer
---@field pagerank number
---@field eigenvector? number
---@field hub? number
---@field authority? number
---@field constraint? number Burt's constraint
---@field effective_size? number
---@field efficiency? number
---@field brokerage? samnett.Roles raw counts
---@field brokerage_z? samnett.Roles z-scores (nil where undefined)

---A directed tie between two nodes.
---@class samnett.Tie
---@field from string node id
---@field to string node id
---@field contacts integer contacts on the tie
---@field weight number the tie weight used by the measures
---@field mutual boolean the reverse tie exists
---@field channels table<string, integer> contacts by channel name
---@field first? integer epoch seconds of the first contact
---@field last? integer epoch seconds of the last contact

---@class samnett.Centralization
---@field degree_in number
---@field degree_out number
---@field degree_all number
---@field betweenness number

---@class samnett.Brokerage
---@field partition string
---@field observed samnett.Roles
---@field expected samnett.Roles
---@field z samnett.Roles

---Whole-network measures.
---@class samnett.Network
---@field level samnett.Level
---@field nodes integer
---@field ties integer
---@field contacts integer contacts in the window and channels
---@field contacts_in_ties integer
---@field self_contacts integer
---@field within_group_contacts integer
---@field below_min_contacts integer
---@field density number
---@field reciprocity number
---@field dyadic_reciprocity number
---@field weak_components integer
---@field strong_components integer
---@field largest_weak_component integer
---@field isolates integer
---@field centralization samnett.Centralization
---@field betweenness samnett.BetweennessMethod how net:node().betweenness was computed
---@field articulation_points string[] node ids
---@field brokerage? samnett.Brokerage

---@class samnett.BetweennessMethod
---@field method "exact"|"sampled" sampled: --betweenness-sample (Riondato-Kornaropoulos)
---@field scale "raw" not normalised
---@field eps? number sampled: with probability >= 1 - delta every node's betweenness / (n (n - 1)) is within eps of the exact value
---@field delta? number
---@field samples? integer shortest paths sampled
---@field vertex_diameter_bound? integer nodes on the longest shortest path, which sized the samples

---@class samnett.SiloGroup
---@field name string
---@field size integer
---@field internal number ties inside the group
---@field external number ties with exactly one end in it
---@field internal_weight number
---@field external_weight number
---@field ei number
---@field ei_weighted number

---Silo measures of a partition.
---@class samnett.Silo
---@field attr string
---@field ei number
---@field ei_weighted number
---@field ei_p? number permutation test (nil without one)
---@field permutations integer
---@field modularity number
---@field assortativity? number
---@field cross_share_ties number
---@field cross_share_contacts number
---@field nmi? number
---@field communities integer
---@field internal number
---@field external number
---@field groups samnett.SiloGroup[]

---@class samnett.Group
---@field name string
---@field size integer
---@field members string[] node ids

---@class samnett.Partition
---@field attr string
---@field groups samnett.Group[]
---@field of table<string, string> node id -> group name

---Options of net:subnet; unnamed ones keep the parent's value.
---@class samnett.SubnetOptions
---@field level? samnett.Level
---@field since? samnett.Time
---@field before? samnett.Time exclusive end (`until` is a Lua keyword; ["until"] also works and includes a bare date's day)
---@field channels? string[]|string
---@field min_contacts? integer
---@field tie_weight? "contacts"|"sum"
---@field permutations? integer E-I permutation test size

---Filters of net:events; by default the net's own window and channels.
---@class samnett.EventFilter
---@field since? samnett.Time
---@field before? samnett.Time
---@field channel? string|string[]
---@field from? string actor id
---@field to? string actor id
---@field actor? string actor id at either end

---Options of net:windows{...} and net:temporal{...}; unnamed ones keep the analysis' values.
---@class samnett.TimeOptions
---@field length? string "month", "quarter", "year", "30d", "2w", ... (also `window`)
---@field step? string a step for sliding windows (also `slide`)
---@field novelty_k? integer
---@field after? samnett.Time the start of the decay (half-life) measures
---@field baseline? {since: samnett.Time, before: samnett.Time}
---@field metrics? string|string[] node measures per window: {"degree", "pagerank"} or "all"
---@field pairs_by? string the attribute of the group pairs (default "type")
---@field cp_penalty? number a fixed change-point penalty
---@field cp_min_days? integer
---@field cp_min_contacts? integer
---@field detail? boolean net:temporal: false leaves out the measures of each tie, node and group pair and the network's burstiness and regularity (faster)

---A time window of the temporal module.
---@class samnett.Window
---@field index integer
---@field label string "2020Q1", "2020-03", "2020", or the start date
---@field start integer epoch seconds
---@field end integer exclusive (write w["end"]; also `before`)
---@field before integer
---@field days number
---@field contacts integer
---@field nodes integer nodes with ties in the window
---@field ties integer
---@field density? number
---@field reciprocity? number
---@field components integer
---@field channels table<string, integer>
---@field persistence? number Jaccard of the ties with the previous window
---@field novelty? number share of ties not in the previous k windows
---@field rate_ratio? number contacts per day over the baseline's
---@field metrics? table<string, table<string, number>> node id -> measure -> value

---@class samnett.ChangePoint
---@field time integer the first day of the new segment
---@field rate_before number contacts per day
---@field rate_after number

---Temporal measures of the network, a channel, a group pair, a node or a tie.
---@class samnett.TStats
---@field contacts integer
---@field first? integer
---@field last? integer
---@field burstiness? number
---@field regularity? number CV of the times between contacts
---@field persistence? number
---@field novelty? number
---@field baseline_contacts? integer
---@field rate_ratio? number
---@field contacts_before? integer with `after`
---@field contacts_after? integer
---@field decay_per_day? number
---@field half_life_days? number
---@field change_points? samnett.ChangePoint[] network, channels and group pairs
---@field change_point_penalty? number
---@field id? string nodes
---@field from? string ties and group pairs
---@field to? string
---@field channel? string channels

---The read-only temporal object of net:temporal().
---@class samnett.Temporal
---@field period_start integer
---@field period_end integer
---@field days integer
---@field window? string
---@field step? string
---@field novelty_k integer
---@field after? integer
---@field baseline_start? integer
---@field baseline_end? integer
---@field pairs_by string
---@field detail boolean false: no pairs, nodes or ties (asking for them is an error)
local Temporal = {}
---@return samnett.TStats
function Temporal:network() end
---@return samnett.TStats[]
function Temporal:channels() end
---@return samnett.TStats[]
function Temporal:pairs() end
---@return fun(): samnett.TStats
function Temporal:nodes() end
---@param id string
---@return samnett.TStats|nil
function Temporal:node(id) end
---@return fun(): samnett.TStats
function Temporal:ties() end
---@param from string
---@param to string
---@return samnett.TStats|nil
function Temporal:tie(from, to) end
---@return samnett.Window[]
function Temporal:windows() end

---Options of net:activity{...}.
---@class samnett.ActivityOptions
---@field window? string default the analysis' windows, else "quarter"
---@field step? string
---@field by? string|string[] the attribute(s) of the pairs' groups (default "organisation")
---@field across? string only ties whose ends differ in this attribute
---@field min_contacts? integer pairs with fewer contacts are left out
---@field top_pairs? integer keep the N pairs with most contacts (0 = all)
---@field cases? integer the N largest cases as scopes too
---@field novelty_k? integer
---@field detail? boolean false: lists over the windows only
---@field channels? boolean false: no channel counts

---One scope in one window (net:activity with detail).
---@class samnett.ActivityWindow
---@field index integer
---@field label string
---@field contacts integer
---@field rate? number contacts per day
---@field ab? integer pairs: contacts started on side a
---@field ba? integer pairs: on side b
---@field cross? integer the network: contacts between groups
---@field ties integer
---@field mutual integer
---@field reciprocity? number
---@field persistence? number
---@field novelty? number
---@field regularity? number
---@field burstiness? number
---@field meeting_rows integer
---@field scheduled integer rows of recurring meetings
---@field channels table<string, integer>
---@field actors integer
---@field top? string the node at the end of most contacts
---@field top_share? number
---@field gini? number
---@field clustering? number share of ties closing a triangle
---@field ei? number the network only

---@class samnett.ActivityScope
---@field kind "network"|"pair"|"case"
---@field name string "network", "A <-> B" or a case id
---@field a? string pairs
---@field b? string
---@field contacts number|integer[] in the period; without detail, a list: one per window
---@field windows? samnett.ActivityWindow[] with detail
---@field ab? integer[] without detail: one per window
---@field ba? integer[]
---@field cross? integer[]
---@field channels? table<string, integer[]> without detail: channel -> one count per window

---@class samnett.Activity
---@field window string
---@field step? string
---@field by string
---@field across? string
---@field windows {index: integer, label: string, start: integer, before: integer, days: number}[]
---@field scopes samnett.ActivityScope[] the network, the pairs (most contacts first), the cases

---@class samnett.CaseFilter
---@field min_contacts? integer
---@field min_providers? integer
---@field bti? integer 1, 2 or 3
---@field handoff? "single"|"pooled"|"sequential"|"reciprocal"
---@field pingpong? boolean only cases with a ping-pong
---@field top? integer the N largest

---A case (patient pathway) and its measures.
---@class samnett.Case
---@field id string
---@field contacts integer
---@field first? integer
---@field last? integer
---@field providers integer
---@field services integer
---@field organisations integer
---@field bti integer
---@field handoff string
---@field transfers integer
---@field pingpongs integer
---@field care_density? number
---@field nodes string[] provider node ids

---@class samnett.Summary
---@field mean? number
---@field min? number
---@field p10? number
---@field p25? number
---@field median? number
---@field p75? number
---@field p90? number
---@field max? number

---@class samnett.CaseSummary
---@field cases integer
---@field active integer
---@field bti integer[] cases per BTI level 1, 2, 3
---@field handoff table<string, integer>
---@field transfers integer
---@field pingpongs integer
---@field cases_with_transfers integer
---@field cases_with_pingpong integer
---@field pingpong_window_days number
---@field providers samnett.Summary
---@field services samnett.Summary
---@field organisations samnett.Summary
---@field care_density samnett.Summary
---@field density_cases integer
---@field large_cases integer
---@field shared_pairs integer
---@field co_serving integer
---@field co_serving_cross integer
---@field co_serving_min integer

---@class samnett.CoServing
---@field a string
---@field b string
---@field cases integer
---@field cross? boolean different organisations (the pair iterator)
---@field pairs? integer provider pairs (by groups)
---@field cross_pairs? integer

---@class samnett.MeetingFilter
---@field since? samnett.Time
---@field before? samnett.Time
---@field channel? string|string[]
---@field min_participants? integer
---@field series? integer

---@class samnett.Meeting
---@field id string
---@field time integer
---@field channel string
---@field organiser string
---@field rows integer
---@field participants string[] actor ids
---@field series? integer its series in net:series()

---A recurring gathering and the afterlife of the ties formed there.
---@class samnett.Series
---@field index integer
---@field id string the first meeting's id
---@field last_id string
---@field label string
---@field meetings integer
---@field first integer
---@field last integer
---@field core_size integer
---@field participants integer
---@field interval_median_days? number
---@field interval_mean_days? number
---@field regularity? number CV of the days between meetings
---@field organiser string
---@field organisations integer
---@field units integer
---@field cross_org_share number
---@field size_first_third number
---@field size_last_third number
---@field video_share number
---@field attendance table<string, integer> actor id -> meetings attended
---@field has_pairs boolean
---@field new_pairs? integer
---@field with_contact_after? integer
---@field contacts_during? integer
---@field per_quarter_during? number
---@field quarters_after? integer
---@field after? integer[] direct contacts of the new pairs per quarter after the end
---@field half_life_days? number

---@class samnett.SeriesPair
---@field a string
---@field b string
---@field met integer their first shared meeting
---@field times integer[] their direct contacts

---@class samnett.Removal
---@field removed integer
---@field pairs_before number
---@field pairs_after number
---@field pairs_lost number
---@field pairs_lost_between_remaining number
---@field ties_lost integer
---@field cross_ties_lost integer
---@field cross_ties_before integer
---@field cut {from: string, to: string}[]
---@field partition string

---@class samnett.NodeColumns
---@field id string[]

---@class samnett.TieColumns
---@field from integer[] node indices
---@field to integer[]
---@field contacts number[]
---@field mutual boolean[]

---The read-only view of the measured network that run() receives.
---@class samnett.Net
---@field level samnett.Level
---@field since? integer start of the window (epoch seconds)
---@field before? integer end of the window, exclusive
---@field min_contacts integer
---@field tie_weight "contacts"|"sum"
local Net = {}

---Every actor of the store.
---@return fun(): samnett.Actor
function Net:actors() end

---@param id string
---@return samnett.Actor|nil
function Net:actor(id) end

---Every node at the analysis level, with its measures.
---@return fun(): samnett.Node
function Net:nodes() end

---@param id string
---@return samnett.Node|nil
function Net:node(id) end

---Every tie, sorted by (from, to); {details = false} leaves out channels, first and last.
---@param options? {details: boolean}
---@return fun(): samnett.Tie
function Net:ties(options) end

---@param from string node id
---@param to string node id
---@return samnett.Tie|nil
function Net:tie(from, to) end

---@return samnett.Network
function Net:network() end

---Silo measures of a partition (default: the first --partition, organisation).
---@param attr? string
---@return samnett.Silo
function Net:silo(attr) end

---The groups of a partition (default: the first --partition, organisation).
---@param attr? string
---@return samnett.Partition
function Net:partition(attr) end

---Another view of the same store, measured now; freed when the lens ends.
---@param options? samnett.SubnetOptions
---@return samnett.Net
function Net:subnet(options) end

---Contacts one at a time, in the order they were read, without copying the store.
---@param filter? samnett.EventFilter
---@return fun(): integer, string, string, string, string|nil, string|nil, number time, from, to, channel, case, meeting, weight
function Net:events(filter) end

---Nodes and ties as parallel arrays (no table per record).
---@param attrs? string[] node attributes (default type, organisation, unit, rank, profession)
---@param measures? string[] node measures: the numbers of net:node() (degree_in, betweenness, pagerank, ...), "brokerage.ROLE" and "brokerage_z.ROLE"
---@return samnett.NodeColumns nodes nodes.id[i], nodes[attr][i] (false when missing), nodes[measure][i] (false when undefined)
---@return samnett.TieColumns ties
function Net:columns(attrs, measures) end

---The analysis' windows ({} without --window), or windows computed now.
---@param options? samnett.TimeOptions
---@return samnett.Window[]
function Net:windows(options) end

---The analysis' temporal measures, or measures computed now.
---@param options? samnett.TimeOptions
---@return samnett.Temporal
function Net:temporal(options) end

---The network, pairs of groups and the largest cases, window by window (counted in C).
---@param options? samnett.ActivityOptions
---@return samnett.Activity
function Net:activity(options) end

---Cases with contacts in the view.
---@param filter? samnett.CaseFilter
---@return fun(): samnett.Case
function Net:cases(filter) end

---@param id string
---@return samnett.Case|nil
function Net:case(id) end

---A case's contacts in time order.
---@param id string
---@return fun(): integer, string, string, string, string|nil, number time, from, to, channel, meeting, weight
function Net:case_events(id) end

---@return samnett.CaseSummary|nil
function Net:case_summary() end

---Provider pairs sharing cases without a tie; with {by = attr}, summed by group pairs (a list).
---@param options? {by: string|string[], inside?: boolean} inside: with the pairs inside one group (a == b)
---@return (fun(): samnett.CoServing)|samnett.CoServing[]
function Net:co_serving(options) end

---Meetings in time order.
---@param filter? samnett.MeetingFilter
---@return fun(): samnett.Meeting
function Net:meetings(filter) end

---Recurring gatherings (meeting series).
---@param filter? {min_organisations: integer, min_meetings: integer, min_participants: integer}
---@return samnett.Series[]
function Net:series(filter) end

---The new pairs of series k (its index in net:series()).
---@param k integer
---@return fun(): samnett.SeriesPair
function Net:series_pairs(k) end

---What removing nodes costs, over the first partition.
---@param ids string|string[]
---@return samnett.Removal
function Net:removal(ids) end

---A null summary: the observed value against the draws of a null model.
---p_greater = (1 + #{draws >= observed}) / (1 + draws), p_less likewise,
---p = min(1, 2 min(p_greater, p_less)); z = (observed - mean) / sd (nil when sd = 0).
---Draws where the statistic is undefined are left out and counted in `missing`.
---@class samnett.NullSummary
---@field observed? number nil when undefined on the observed data
---@field mean? number
---@field sd? number population standard deviation of the draws
---@field z? number
---@field p_greater? number
---@field p_less? number
---@field p? number two-sided
---@field draws integer draws where the statistic was defined
---@field missing integer draws where it was not

---@class samnett.NullGroupsOptions
---@field attr? string an actor attribute (organisation, type, unit, rank, ...); or labels
---@field labels? table<string, string> {[node id] = label}: a lens's own labels (unlisted nodes are left out)
---@field ties? string "all" (default), "cross:ATTR", "within:ATTR" or a comma list ("within:A,cross:B")
---@field strata? string permute labels only among nodes with the same value of this attribute
---@field weight? "contacts"|"ties" default "contacts"
---@field groups? boolean false: only the network's ei (no groups or pairs; cheaper)
---@field draws? integer 1 to 1,000,000 (default 1000)
---@field seed? integer default the analysis' --seed

---@class samnett.NullGroup
---@field size integer nodes with the label
---@field ei samnett.NullSummary (E - I) / (E + I) of the group's weight
---@field touch samnett.NullSummary share of the weight with at least one end in the group
---@field start samnett.NullSummary share of the weight started by the group
---@field internal samnett.NullSummary share of the weight inside the group

---@class samnett.NullPair
---@field a string
---@field b string
---@field share samnett.NullSummary (M[a][b] + M[b][a]) / total
---@field direction samnett.NullSummary M[a][b] / (M[a][b] + M[b][a])

---@class samnett.NullGroups
---@field draws integer
---@field seed integer
---@field total number the weight over the chosen ties
---@field ei samnett.NullSummary the network's E-I index
---@field groups? table<string, samnett.NullGroup> (nil with groups = false)
---@field pairs? samnett.NullPair[] group pairs with weight between them (empty past 1,024 groups; nil with groups = false)
---@field pairs_omitted? boolean true when there were more than 1,024 groups

---@class samnett.NullRewireOptions
---@field stats string[] of "reciprocity", "clustering", "top_share", "betweenness", "brokerage"
---@field nodes? string[] node ids (needed for betweenness and brokerage)
---@field k? integer top_share: the top k nodes (default 5)
---@field attr? string brokerage partition (default "organisation")
---@field swaps? number swap attempts per tie before a chain's first draw (default 10; draws come in chains of 32, a ties' worth of attempts apart)
---@field draws? integer 1 to 1,000,000 (default 1000)
---@field seed? integer default the analysis' --seed

---@class samnett.NullBrokerage
---@field coordinator samnett.NullSummary
---@field itinerant samnett.NullSummary
---@field representative samnett.NullSummary
---@field gatekeeper samnett.NullSummary
---@field liaison samnett.NullSummary
---@field total samnett.NullSummary

---@class samnett.NullRewire
---@field draws integer
---@field seed integer
---@field reciprocity? samnett.NullSummary
---@field clustering? samnett.NullSummary transitivity of the undirected simple graph
---@field top_share? samnett.NullSummary share of all betweenness held by the top k nodes
---@field nodes? table<string, {betweenness?: samnett.NullSummary, brokerage?: samnett.NullBrokerage}>

---@class samnett.NullTimeOptions
---@field length? string "month", "quarter", "year", "Nd", "Nw" (default the analysis' --window, else quarter)
---@field since? integer|string
---@field before? integer|string
---@field stats? string[] of "ties", "persistence", "novelty", "contacts" (default all)
---@field draws? integer 1 to 1,000,000 (default 1000)
---@field seed? integer default the analysis' --seed

---@class samnett.NullWindow
---@field label string
---@field start integer
---@field end integer
---@field ties? samnett.NullSummary
---@field persistence? samnett.NullSummary
---@field novelty? samnett.NullSummary
---@field contacts? samnett.NullSummary

---@class samnett.NullTime
---@field draws integer
---@field seed integer
---@field length string
---@field windows samnett.NullWindow[]

---Label permutation: the group statistics against the same graph with the labels shuffled.
---@param options samnett.NullGroupsOptions
---@return samnett.NullGroups
function Net:null_groups(options) end

---Degree-preserving rewiring: structural statistics against rewired graphs.
---@param options samnett.NullRewireOptions
---@return samnett.NullRewire
function Net:null_rewire(options) end

---Time shuffle: per-window statistics against the contacts' times permuted among them.
---@param options samnett.NullTimeOptions
---@return samnett.NullTime
function Net:null_time(options) end

---@class samnett.Evidence
---@field en string a sentence in English that quotes the numbers
---@field nb string the same in bokmål

---The test behind a label. Numbers other than those named are allowed
---(finite within +-2^53); text fields other than method and correction are not.
---@class samnett.Test
---@field method? string "binomial", "permutation", "rewiring", "time-shuffle", "fisher", "change-point", ...
---@field correction? "holm"|"bh"|"none" the correction for the number of findings tested
---@field p? number from 0 to 1
---@field p_adjusted? number from 0 to 1, after the correction
---@field effect? number the effect size
---@field draws? integer null-model draws (>= 0)
---@field null_mean? number
---@field null_sd? number
---@field missing? integer how many (contacts, ...) were short, for "for lite data" (>= 0)
---@field tests? integer how many findings the correction covered (>= 0)

---@alias samnett.Reason "for lite data"|"ikke signifikant"

---@class samnett.Finding
---@field level samnett.FindingLevel
---@field scope? string "network" (default), a group name or a node id
---@field label string the lens's label; "uavklart" when the data cannot tell
---@field scores? table<string, number> finite numbers within +-2^53
---@field evidence samnett.Evidence
---@field concept? string the concept behind the label (default: the lens's concept.nb)
---@field source? string author and year, "Krackhardt and Stern 1988" (default: the lens's only source)
---@field reason? samnett.Reason with label "uavklart" only
---@field test? samnett.Test
---@field uses? string[] names of the lens's parameters behind the label; the host reports each one's value and origin ("default" or "param") as the finding's thresholds
---Every text of a finding must be valid UTF-8 without NUL bytes.

---Check a finding and return it; an invalid one is an error at the caller's line.
---@param f samnett.Finding
---@return samnett.Finding
function finding(f) end

---@class samnett.Param
---@field type "number"|"integer"|"string"|"boolean"
---@field default number|string|boolean
---@field doc string
---@field min? number
---@field max? number
---@field values? string[] allowed strings

---What a lens file returns.
---@class samnett.Lens
---@field name string the file name without .lua
---@field title {en: string, nb: string}
---@field description {en: string, nb: string}
---@field params? table<string, samnett.Param>
---@field concept? {en: string, nb: string}|string the concept the lens encodes (a string: the same in both)
---@field sources? string[] author and year of the works behind it, {"Steinsland 2021"}
---@field detects? samnett.Detect[] the synth patterns the lens is meant to find
---@field single_contacts? boolean true: the lens reads single contacts or their times (net:events, net:temporal's daily counts and change points, net:null_time) and is skipped on a tie table (analyze --ties); default false
---@field cases_and_meetings? boolean false: the lens reads no cases or meetings (net:cases, net:case, net:case_events, net:case_summary, net:co_serving, net:meetings, net:series, net:series_pairs, net:activity with cases or detail) and starts while samnett still builds them; default true
---@field run fun(net: samnett.Net, params: table<string, any>): samnett.Finding[]

---A pattern of `samnett synth --plant` that a lens is meant to find.
---@class samnett.Detect
---@field pattern string "silo", "bridge", "learning_network", "one_way_shadowing", "parallel_work", "video_shift", "top_down", ...
---@field level samnett.FindingLevel the level of the findings that find it
---@field labels string[] the labels that find it

---Statistics over lists of numbers; summaries of an empty list are nil.
---@class samnett.Stats
stats = {}

---@param xs number[]
---@return number
function stats.sum(xs) end

---@param xs number[]
---@return number|nil
function stats.mean(xs) end

---@param xs number[]
---@return number|nil
function stats.median(xs) end

---Linear interpolation between order statistics (R's type 7).
---@param xs number[]
---@param p number from 0 to 1
---@return number|nil
function stats.quantile(xs, p) end

---@param xs number[]
---@return number|nil
function stats.min(xs) end

---@param xs number[]
---@return number|nil
function stats.max(xs) end

---Population standard deviation.
---@param xs number[]
---@return number|nil
function stats.sd(xs) end

---Coefficient of variation, sd / mean (nil when the mean is 0).
---@param xs number[]
---@return number|nil
function stats.cv(xs) end

---Gini coefficient of values >= 0 (nil when they sum to 0).
---@param xs number[]
---@return number|nil
function stats.gini(xs) end

---Maximum-likelihood half-life (in the unit of ts) of an exponential decay of events at
---offsets ts in [0, T]; nil with fewer than 3 events or without decay.
---@param ts number[]
---@param T number
---@return number|nil
function stats.half_life(ts, T) end

---Exact binomial test of k successes in n trials against p0 (R binom.test):
---"greater" P[X >= k], "less" P[X <= k], "two-sided" (default) the sum of the
---probabilities not above P[X = k] (relative tolerance 1e-7).
---@param k integer
---@param n integer
---@param p0 number from 0 to 1
---@param alternative? "two-sided"|"greater"|"less"
---@return number p
function stats.binom_test(k, n, p0, alternative) end

---Fisher's exact test of the 2x2 table {{a, b}, {c, d}} (R fisher.test).
---@param a integer
---@param b integer
---@param c integer
---@param d integer
---@param alternative? "two-sided"|"greater"|"less"
---@return number p
function stats.fisher_test(a, b, c, d, alternative) end

---Adjusted p-values (R p.adjust): "holm" (Holm 1979, the chance of any false
---finding), "bh" (Benjamini and Hochberg 1995, the share of false findings) or "none".
---@param ps number[] p-values from 0 to 1
---@param method "holm"|"bh"|"none"
---@return number[]
function stats.p_adjust(ps, method) end

---The small-cell rule of the run (--min-cell K, --privacy shared): read-only.
---@class samnett.Privacy
---@field min_cell integer K: counts from 1 to K-1 are hidden; 0 when the rule is off
samnett = {}

---A count as a report may show it: n itself, or the text "<K" when the
---small-cell rule hides it. Use it (or lib.common's C.count) for every count
---of contacts, ties, cases or actors quoted in an evidence text.
---@param n number
---@return number|string
function samnett.count(n) end

---Whether the small-cell rule hides the count n (0 < n < K).
---@param n number
---@return boolean
function samnett.suppressed(n) end
