-- apple_ports.lua
-- Apple Services written as a Lua postdissector, only to compare its cost
-- with the C plugin in tools/benchmark/run.sh. It labels a packet with the
-- services of its flow's server port from the same 56 rows as
-- data/apple-ports.tsv (run.sh checks that they still agree):
--   * TCP: the port the SYN was sent to, learned per tcp.stream from the
--     SYN / SYN-ACK flags (Lua cannot read TCP's own analysis);
--   * otherwise (UDP, TCP without a handshake): the lower port.
-- It adds apple.port, apple.server_by and one apple.service per row, like the
-- C plugin, and tags the Info column with " [Apple <services>]" (no
-- products). Approximations: no ICMP-error exception for quoted headers, no
-- user table, no preferences (the wide port ranges are always labelled).
-- Install: copy it into ~/.local/lib/wireshark/plugins/ and run as non-root.
--
-- SPDX-License-Identifier: GPL-2.0-or-later

local rows = {
  { "22", "TCP", "ssh" },
  { "25", "TCP", "smtp" },
  { "53", "TCP/UDP", "domain" },
  { "80", "TCP", "http" },
  { "88", "TCP", "kerberos" },
  { "110", "TCP", "pop3" },
  { "123", "UDP", "ntp" },
  { "137", "UDP", "netbios-ns" },
  { "138", "UDP", "netbios-dgm" },
  { "139", "TCP", "netbios-ssn" },
  { "143", "TCP", "imap" },
  { "192", "UDP", "osu-nms" },
  { "389", "TCP", "ldap" },
  { "443", "TCP", "https" },
  { "445", "TCP", "microsoft-ds" },
  { "465", "TCP", "submissions" },
  { "500", "UDP", "isakmp" },
  { "515", "TCP", "printer" },
  { "548", "TCP", "afpovertcp" },
  { "554", "TCP/UDP", "rtsp" },
  { "587", "TCP", "submission" },
  { "631", "TCP", "ipp" },
  { "636", "TCP", "ldaps" },
  { "749", "TCP/UDP", "kerberos-adm" },
  { "993", "TCP", "imaps" },
  { "995", "TCP/UDP", "pop3s" },
  { "1900", "UDP", "ssdp" },
  { "2195", "TCP", "apns" },
  { "2196", "TCP", "apns-feedback" },
  { "2197", "TCP", "apns" },
  { "3031", "TCP/UDP", "eppc" },
  { "3283", "TCP/UDP", "net-assistant" },
  { "3284", "TCP", "classroom" },
  { "3285", "TCP", "classroom" },
  { "3478-3497", "UDP", "nat-stun-port" },
  { "3689", "TCP", "daap" },
  { "3690", "TCP/UDP", "svn" },
  { "4398", "UDP", "game-center" },
  { "4500", "UDP", "ipsec-nat-t" },
  { "5100", "TCP", "socalia" },
  { "5223", "TCP", "apns" },
  { "5228", "TCP", "spotlight" },
  { "5297", "TCP", "messages-local" },
  { "5350", "UDP", "nat-pmp-status" },
  { "5351", "UDP", "nat-pmp" },
  { "5353", "UDP", "mdns" },
  { "5900", "TCP/UDP", "rfb" },
  { "8000-8999", "TCP", "irdmi" },
  { "9100", "TCP", "pdl-datastream" },
  { "9418", "TCP/UDP", "git" },
  { "16384-16403", "UDP", "connected" },
  { "16384-16387", "UDP", "connected" },
  { "16393-16402", "UDP", "facetime-rtp" },
  { "16403-16472", "UDP", "game-center-rtp" },
  { "42000-42999", "TCP", "itunes-radio" },
  { "49152-65535", "TCP", "xsan" },
}

local apple = Proto("apple", "Apple Services (Lua)")
local f_port      = ProtoField.uint16("apple.port", "Server port")
local f_server_by = ProtoField.uint8("apple.server_by", "Server side decided by", base.DEC,
                                     { [1] = "TCP handshake", [2] = "Lower port" })
local f_service   = ProtoField.string("apple.service", "Service")
apple.fields = { f_port, f_server_by, f_service }

local tcp_srcport = Field.new("tcp.srcport")
local tcp_dstport = Field.new("tcp.dstport")
local tcp_syn     = Field.new("tcp.flags.syn")
local tcp_ack     = Field.new("tcp.flags.ack")
local tcp_stream  = Field.new("tcp.stream")
local udp_srcport = Field.new("udp.srcport")
local udp_dstport = Field.new("udp.dstport")

-- services[transport][port] = { "svc", ... }; tags[transport][port] = " [Apple svc, ...]"
local services = { tcp = {}, udp = {} }
local tags = { tcp = {}, udp = {} }
for _, row in ipairs(rows) do
  local first, last = row[1]:match("^(%d+)-(%d+)$")
  first = tonumber(first or row[1])
  last = tonumber(last or row[1])
  for _, t in ipairs({ "tcp", "udp" }) do
    if row[2]:lower():find(t, 1, true) then
      for port = first, last do
        local list = services[t][port] or {}
        list[#list + 1] = row[3]
        services[t][port] = list
      end
    end
  end
end
for _, t in ipairs({ "tcp", "udp" }) do
  for port, list in pairs(services[t]) do
    tags[t][port] = " [Apple " .. table.concat(list, ", ") .. "]"
  end
end

-- The server port of each TCP stream whose handshake was seen.
local handshake_port = {}
function apple.init()
  handshake_port = {}
end

local function tcp_server_port(src, dst)
  local stream = tcp_stream()
  if not stream then return nil end
  stream = stream.value
  local syn = tcp_syn()
  if syn and syn.value then
    local ack = tcp_ack()
    handshake_port[stream] = (ack and ack.value) and src or dst
  end
  local port = handshake_port[stream]
  if port == src or port == dst then return port end
  return nil
end

function apple.dissector(tvb, pinfo, tree)
  local t, src, dst
  local s = tcp_srcport()
  if s then
    t, src, dst = "tcp", s.value, tcp_dstport().value
  else
    s = udp_srcport()
    if not s then return end
    t, src, dst = "udp", s.value, udp_dstport().value
  end
  local list = services[t]
  if not list[src] and not list[dst] then return end

  local port, by
  if t == "tcp" then port = tcp_server_port(src, dst) end
  if port then by = 1 else port, by = math.min(src, dst), 2 end
  local found = list[port]
  if not found then return end

  pinfo.cols.info:append(tags[t][port])
  local subtree = tree:add(apple, tvb(0, 0))
  subtree:add(f_port, port):set_generated()
  subtree:add(f_server_by, by):set_generated()
  for _, service in ipairs(found) do
    subtree:add(f_service, service):set_generated()
  end
end

register_postdissector(apple)
