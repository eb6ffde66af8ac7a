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
---@field articulation_points string[] node ids
---@field brokerage? samnett.Brokerage

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

---Every tie, sorted by (from, to).
---@return fun(): samnett.Tie
function Net:ties() end

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

---@class samnett.Evidence
---@field en string a sentence in English that quotes the numbers
---@field nb string the same in bokmål

---@class samnett.Finding
---@field level samnett.FindingLevel
---@field scope? string "network" (default), a group name or a node id
---@field label string the lens's label; "uavklart" when the data cannot tell
---@field scores? table<string, number>
---@field evidence samnett.Evidence

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
---@field run fun(net: samnett.Net, params: table<string, any>): samnett.Finding[]

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
