<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>ApplicantPage</name>
    <message>
        <source>正在读取事项……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>个人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>企业</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>手机或固定电话（可不填）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请人类型：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>联系电话：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>开始受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>开始受理（回车）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不受理，关闭（Esc）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{dept} · 原需 {n} 项证明，受理后逐项登记办理方式。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>一件事：{name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>包含 {m} 个事项；原需 {n} 项证明，每项只办一次。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>姓名：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>企业名称：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证件号码：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>居民身份证、港澳台居民居住证或外国人永久居留身份证号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>统一社会信用代码有效。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{document}号码有效。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>注意：{chars} 没有可用的字体，打印时会印成“□”，请在打印出的表格上手写补全。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>统一社会信用代码：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>18 位统一社会信用代码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>注意：申请人在失信名单中（{reasons}），不能使用告知承诺。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在查询信用记录……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写申请人姓名。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写企业名称。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuditCheck</name>
    <message>
        <source>检查审计日志(&amp;A)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>检查审计日志是否完整、有无被改动或删除</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在检查审计日志……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审计日志检查未通过：{problem}
请联系县数据中心核查。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>提示：{warning}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审计日志</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审计日志：未能检查</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>启动时检查审计日志，发现问题：{problem}
请联系县数据中心核查；可在“工具 → 检查审计日志”中再次检查。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审计日志异常</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <source>备份与恢复</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>数据库每天自动备份一次，升级和更换目录前也会备份，备份经检查完好后才保留。备份保存在：{folder}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在读取备份……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>立即备份(&amp;B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>从所选备份恢复(&amp;R)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打开备份文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>共 {n} 份备份。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>还没有备份。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在备份……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已备份：{name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>备份没有完成。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>从备份恢复</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>用 {backup} 替换当前的数据库？
当前数据库会保留在旁边（.before-restore），其中尚未同步的记录会抢救到恢复的数据库中。恢复期间窗口暂时不能使用。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>恢复</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在恢复……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>恢复没有完成，数据库保持原样。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupListModel</name>
    <message>
        <source>时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BatchExport</name>
    <message>
        <source>正在准备……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导出全部办事指南</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在导出……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已导出 {done} / {total} 份……</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CancelCaseDialog</name>
    <message>
        <source>撤销办件 {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>撤销后办件不能再办理或办结。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} 项未答复的核验请求将被撤回。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} 份承诺书将作废。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写撤销原因（例如：申请人放弃申请、选错了事项）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>撤销原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>撤销办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>返回</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Cases</name>
    <message>
        <source>今日及办理中</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办理中</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已办结</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已撤销</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>全部</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证件号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>等待</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>有核验请求已超过答复期限，请联系提供部门。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{status}（待同步）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{waiting}（已超期）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CasesView</name>
    <message>
        <source>按办件编号、申请人姓名或证件号码后几位查找（Ctrl+2）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>↑↓ 选择办件，回车继续办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>刷新</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>继续办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>显示：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>双击或按回车继续办理所选办件；红色行表示有核验请求已超期。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在读取办件……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有找到“{text}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>找到 {total} 件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>，显示最近 {n} 件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>显示最近 {n} 件，共 {total} 件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>共 {n} 件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>，其中 {n} 件有超期核验</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CatalogDiff</name>
    <message>
        <source>目录文件或登记表 ({patterns})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导出比较报告</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>目录比较报告.txt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文本文件 (*.txt);;JSON 文件 (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>删除：{rows}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>新增：{rows}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CatalogDiffDialog</name>
    <message>
        <source>比较目录版本</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请选择要比较的目录文件或登记表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择旧目录(&amp;O)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>用当前目录(&amp;U)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>以本窗口当前安装的目录作为旧目录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择新目录(&amp;N)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>交换(&amp;W)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>交换旧目录和新目录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>旧目录：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>新目录：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>变化类型(&amp;K)：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>编码、名称或内容中的文字</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>查找(&amp;F)：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重新比较(&amp;R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>复制报告(&amp;Y)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>把所选变化类型的比较报告复制到剪贴板</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导出报告(&amp;E)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>把所选变化类型的比较报告保存为文本或 JSON 文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>当前安装的目录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择旧目录：目录文件或登记表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择新目录：目录文件或登记表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请选择要与当前目录比较的目录文件或登记表（选择新目录）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在比较……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在比较目录版本……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>……共 {n} 行，全部列在下方。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>全部变化（{n}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有符合条件的变化。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已复制报告。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在导出比较报告……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>报告已保存到 {name}。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CatalogDiffMenu</name>
    <message>
        <source>比较目录版本(&amp;D)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>比较两个目录版本：新增和删除的证明事项、措施、依据和部门的变化</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择要与当前目录比较的目录文件或登记表</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CatalogImport</name>
    <message>
        <source>选择目录文件或登记表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>目录文件或登记表 ({patterns})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在检查文件……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导入目录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在导入……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在检查目录文件……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在导入目录……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>替换示例目录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>现在使用的是内置示例目录（虚构的示范县，仅供演示和培训）。导入后示例目录将被替换：示例事项不再能查询、受理或打印。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>在示例数据上受理的 {n} 件办件仍可查看。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>要导入吗？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导入并替换示例目录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>连接县级中心</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>输入县信息中心给出的中心地址和一次性注册码（24 小时内有效，只能使用一次）。本机的凭据保存在系统密钥库中。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>例如：http://10.0.0.8:8470</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>县信息中心给出的注册码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>例如：和丰镇便民服务中心 1 号窗口（可留空）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心地址(&amp;A)：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>注册码(&amp;C)：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本机名称(&amp;N)：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>连接(&amp;L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本机尚未连接县级中心（单机工作）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本机已注册为 {label}（{name}），县级中心：{hub}。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>数据库尚未打开，请稍候再试。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请输入县级中心地址，如 http://10.0.0.8:8470。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请输入县信息中心给出的一次性注册码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在连接县级中心……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>此前单机受理的 {n} 件办件已改用窗口编码 {code}。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CreditCheckView</name>
    <message>
        <source>信用查询</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>输入申请人的身份证号码或企业的统一社会信用代码，立即显示其是否在失信名单中。在失信名单中的申请人不能使用告知承诺，须改用部门核验或提交证明。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>18 位身份证号码或统一社会信用代码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在查询信用记录……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未发现失信记录：可以使用告知承诺。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>在失信名单中（{n} 条记录），不能使用告知承诺：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>至 {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>长期有效</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>• {name}（{id}）：{reason}，{start} 起，{until}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Detail</name>
    <message>
        <source>已直接取消：无需提交，也无需核验。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>提供部门</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>窗口通过数据共享向{who}查询。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（一键查询，即时返回）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>窗口向{who}发起核验。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>答复时限 {n} 个工作日。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>以申请人已有的材料替代：{doc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（未注明）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请人签署告知承诺书即可，无需提交证明。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>其他方式（见目录说明）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>暂时无法取消：申请人仍需提交此证明。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（目录未注明依据）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>依据：{basis}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>原开具单位：{issuer}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>查看依据</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>在左侧输入事项、证明或“一件事”的名称、拼音或首字母进行查找。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>此事项不需要任何证明。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办理地点：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办理时间：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>法定时限：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>承诺时限：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>收费标准：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不收费</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办理流程：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>仍需提交的材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>原需提供的证明（{n} 项）及现在的办理方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>原开具单位：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>索取依据：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>现在的办理方式（按优先顺序）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>承诺内容：{text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>需要此证明的事项（{n} 项）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>包含的事项（{n} 项）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>合并后的证明（{n} 项，每项只办一次）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>即办</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} 个工作日</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DiffModel</name>
    <message>
        <source>编码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>原来</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>现在</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{kind}（{count}）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>很抱歉，程序出现了意外错误，当前操作没有完成。请重试；如果问题仍然存在，请联系县数据中心。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无证明办事</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FastStart</name>
    <message>
        <source>正在打开数据库……</source>
        <translation>Opening the database…</translation>
    </message>
</context>
<context>
    <name>FreshnessIndicator</name>
    <message>
        <source>（无版本）</source>
        <translation>(no version)</translation>
    </message>
    <message>
        <source>目录 {version}</source>
        <translation>Catalog {version}</translation>
    </message>
    <message>
        <source> · 发布 {n} 天</source>
        <translation> · published {n} days ago</translation>
    </message>
    <message>
        <source> · {n} 天未同步</source>
        <translation> · not synced for {n} days</translation>
    </message>
    <message>
        <source> · 已同步</source>
        <translation> · synced</translation>
    </message>
    <message>
        <source>：目录可能已过时</source>
        <translation>: the catalog may be out of date</translation>
    </message>
    <message>
        <source>，请尽快同步</source>
        <translation>, please sync soon</translation>
    </message>
    <message>
        <source>中心设定：超过 {warn} 天未同步提醒，超过 {mark} 天指南注明目录可能过时。</source>
        <translation>Hub limits: a warning after {warn} days without a sync; after {mark} days guides say the catalog may be out of date.</translation>
    </message>
</context>
<context>
    <name>ImportProblemsDialog</name>
    <message>
        <source>无法导入目录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>数据库没有任何改动。请按上面列出的位置改正文件后，再导入一次。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>复制全部</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Inbox</name>
    <message>
        <source>办件编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证明事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>核验对象</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证件号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>答复期限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InboxView</name>
    <message>
        <source>只看超期(&amp;O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>显示已答复(&amp;A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>也列出已答复和窗口已撤回的请求（未送达中心的标“待同步”）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>刷新</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>显示证件号码（Ctrl+R）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>显示完整证件号码以便核对；每次查看都会记入审计日志</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>答复说明，例如核对依据或不属实的原因（可留空）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>说明(&amp;M)：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>属实(&amp;Y)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不属实(&amp;N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法确定(&amp;U)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>显示证件号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待核验请求</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>↑↓ 选择请求；Ctrl+R 显示证件号码；Alt+M 填写说明；Alt+Y 属实、Alt+N 不属实、Alt+U 无法确定。红色行已超过答复期限。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在读取待核验请求……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待答复 {n} 件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>，其中 {n} 件已超期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有待核验的请求。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{kind}：{fact}（{subject}，办件 {case}，{who} 于 {when} 发起）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在读取……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在保存答复……</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IntakeDialog</name>
    <message>
        <source>受理办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在读取事项……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>一键登记(&amp;A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>按默认方式登记所有无需填写内容的证明（直接取消、数据查询、部门核验），只留下需要受理员处理的证明（Alt+A）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印承诺书(&amp;C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印告知承诺书，由申请人签字（Alt+C）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印回执(&amp;P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印受理回执（Alt+P 或 Ctrl+P）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重新读取办件（查看是否已有核验答复）（F5）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>保存并关闭(&amp;S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已登记的内容均已保存，可稍后在“办件”中继续办理（Alt+S）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>撤销办件(&amp;X)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请人放弃申请或选错事项时撤销本办件（Alt+X）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办结(&amp;F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>个人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>企业</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（待同步）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证明事项 {n} 项，其中 {m} 项可一键登记（Alt+A），回车登记所在的一项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证明事项 {n} 项，{k} 项待受理员处理：回车按所选方式登记</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证明事项 {n} 项，均已登记</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在受理……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印回执</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>刷新</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在读取办件……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件 {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件编号 {number} · {kind}申请人 {name}（{id}）· 状态：{status}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>尚不能办结：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>所有证明均已处理，可以办结。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>此办件已撤销，原因：{reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>此办件{status}。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>尚有未处理的证明或未答复的核验，暂不能办结</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在登记……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在办结……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在撤销……</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>无证明办事 · 窗口受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>事项查询</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>信用查询</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印办事指南</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>部门核验</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>窗口受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无证明办事 · {role}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待核验</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关于</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无证明办事 · 窗口端
数据目录：{path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Measure</name>
    <message>
        <source>直接取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>数据查询</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>部门核验</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>替代</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>告知承诺</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>其他</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>保留</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrintPreviewDialog</name>
    <message>
        <source>打印预览 — {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在生成预览……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择打印机并打印（Ctrl+P）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印(&amp;P)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>另存为 PDF(&amp;S)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>保存原始的 PDF 文件（文字清晰，可再次打印）（Ctrl+S）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>用系统程序打开(&amp;O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>用电脑上安装的 PDF 阅读器打开，也可以从那里打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关闭预览（Esc）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>上一页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>上一页（PageUp）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>下一页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>下一页（PageDown）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>整页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>显示整页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>适合宽度</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>页面与窗口同宽</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>放大</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>放大（Ctrl+加号）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>缩小</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>缩小（Ctrl+减号）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>共 {pages} 页 · A4 · {size} KB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法显示预览，仍可另存为 PDF 或用系统程序打开。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> 第 {current} / {count} 页 </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在生成预览，完成后开始打印……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在准备打印……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在打印……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在打印第 {done} / {total} 页……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已把 {pages} 页送往打印机。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印没有完成。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>另存为 PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已保存到 {path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>所选的页码不在文件范围内（共 {count} 页），没有可以打印的页面。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法开始打印。请检查打印机是否已连接并开机，然后再试。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印机没有接受下一页，打印已中止。请检查打印机后再试。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>所选的页码不在文件范围内（共 {count} 页），请重新选择要打印的页。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法写入临时文件：{reason}。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有找到可以打开 PDF 的程序。文件已保存在 {path}，也可以直接在本窗口中点“打印…”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法保存到 {path}：{reason}。请换一个位置。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} · 办事指南</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在生成办事指南……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>告知承诺书 {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>签名密钥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>注意：本文件中的 {chars} 没有可用的字体，已印成“□”。请打印后在纸面上手写补全。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法打印的字符</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在生成告知承诺书……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理回执 {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在生成受理回执……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在读取目录……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择导出办事指南的文件夹</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>数据库已损坏</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在查找最新的完好备份……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>从这份备份恢复(&amp;R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>暂不恢复(&amp;C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>备份文件夹中没有可用的备份。请把数据目录交给县信息中心处理；如果这台电脑上从未办理过业务，可以把损坏的数据库文件移走后重新启动。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>最新的完好备份：{backup}。
恢复后，原数据库中尚未同步的记录会尽量抢救到恢复的数据库中；原文件保留在旁边（.before-restore）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在恢复……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>完成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>恢复没有完成。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResolutionRow</name>
    <message>
        <source>查验的替代材料名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请人已提交证明原件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办理说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>登记</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>按所选方式登记（回车）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办理方式：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>原开具单位：{issuer}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>依据：{basis}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label}（不可用）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label}不可用：{reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已直接取消，无需申请人提交任何材料。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>承诺内容：{text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>登记后向{who}发出请求，{n} 个工作日内答复。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（一键查询）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请查验申请人提供的替代材料并填写其名称。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>此证明仍需申请人提交原件。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Search</name>
    <message>
        <source>事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>一件事</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchTab</name>
    <message>
        <source>输入事项、证明或一件事：汉字、拼音或首字母（Ctrl+F）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>↑↓ 选择查询结果，回车受理所选事项（Ctrl+N），Ctrl+P 打印办事指南</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在打开数据库……</source>
        <translation type="unfinished">Opening the database…</translation>
    </message>
    <message>
        <source>请输入要查找的内容。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>数据库无法打开，请查看提示信息。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在查找……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有找到“{text}”。请换个说法，或只输入关键的两三个字。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>找到 {n} 项 · ↑↓ 选择，回车受理，Ctrl+P 打印办事指南</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请先在查询结果中选择一个事项或一件事，再{command}。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{name}”是证明事项，不能直接{command}：请选择需要它的事项或一件事（右侧列出了需要此证明的事项）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在读取……</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>例如：县政务服务中心 3 号窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>例如：W03</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本机已在县级中心注册为此窗口，编码由中心指定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>例如：http://10.0.0.8:8420（可留空）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> 分钟</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不自动同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已连接中心时每隔多久自动同步一次；0 为不自动同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>连接中心(&amp;L)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>浏览…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>窗口名称：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>窗口编码：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理人员：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心地址：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>自动同步间隔：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF 保存位置：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>数据目录：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>窗口编码只能包含字母、数字、“-”和“_”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>窗口编码过长（最多 {n} 个字符）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理人员姓名过长（最多 {n} 个字）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心地址格式不正确，请填写如 http://10.0.0.8:8420 的地址，或留空。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF 保存位置不存在，请选择一个已有的文件夹。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF 保存位置</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <source>同步(&amp;Y)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>与县级中心同步：发送待同步的记录，接收答复（F9）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在读取同步状态……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本机尚未连接县级中心：请在“设置 → 连接中心”中输入中心地址和注册码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在同步……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在接收……（{n} 条）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在发送……（{done}/{total}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>同步完成：发送 {pushed} 条，接收 {pulled} 条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>，更新 {n} 条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>；{n} 条被中心拒收，已保留</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>同步未完成：{error}（待同步 {n} 条，均已保留在本机）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>同步未完成：{error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <source>中心：读取中……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未连接中心</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本机单机工作。连接县级中心：设置 → 连接中心</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>上次同步 {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>尚未同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label}，县级中心：{hub}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待同步 {n} 条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本机等待发送到县级中心的记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>冲突 {n} 条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>县级中心拒收的记录：仍保留在本机，每次同步重发；请联系县信息中心。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心无法连接，离线工作</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Upkeep</name>
    <message>
        <source>备份与恢复(&amp;B)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打开日志文件夹(&amp;L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在备份……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>每日备份没有完成（详见日志）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请注意</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在查找备份……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在从备份恢复数据库……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打开文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法自动打开文件夹，请手动打开：{path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <source>查找事项(&amp;F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理新办件(&amp;N)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理查询结果中选中的事项或一件事（回车）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印办事指南(&amp;P)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印查询结果中选中的事项或一件事的办事指南</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导出全部办事指南(&amp;E)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导入目录(&amp;I)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导入目录文件（.json）或部门填报的登记表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>设置(&amp;S)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>连接中心(&amp;L)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>退出(&amp;Q)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关于(&amp;A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>事项查询</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>信用查询</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办件(&amp;C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>视图(&amp;V)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>工具(&amp;T)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WindowStatusBar</name>
    <message>
        <source>目录：加载中……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心：—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待同步：—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在打开数据库……</source>
        <translation type="unfinished">Opening the database…</translation>
    </message>
    <message>
        <source>目录：不可用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在读取目录……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>目录 {version}</source>
        <translation type="unfinished">Catalog {version}</translation>
    </message>
    <message>
        <source>（无版本）</source>
        <translation type="unfinished">(no version)</translation>
    </message>
    <message>
        <source>（{n} 天前发布）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（今天发布）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · 示例数据</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>事项 {m} 项，证明 {i} 项，一件事 {b} 项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待同步：{n} 条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心：检查中……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在检查中心连接……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心：未配置中心</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心：可连接</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心：无法连接（离线工作）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>中心：地址有误</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
